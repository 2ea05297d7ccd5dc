// {{title}}
// Plugins menu command installed by cp2ij (see docs/fiji.md).
//
// Loads every Cellpose result of a folder into the ROI Manager: for each <base>, its <base>_rois.zip
// (or, when there is none, its <base>_cp_outlines.txt). ROIs are named "<base>:<label>".
// Which folder: the macro argument if given; else (interactive only) a folder dialog.
// Headless: ImageJ -batch Batch_Import_Cellpose_Folder.ijm path/to/folder

colors = {{colors}};             // outlines text (no colours of its own)
roiSetColors = {{roiSetColors}}; // "": keep the colours stored in a RoiSet

folder = cp2ijArgument();
if (folder == "") {
  if (is("Batch Mode")) cp2ijStop("pass the folder as the macro argument");
  folder = getDirectory("Choose a folder with Cellpose results");
}
if (!File.isDirectory(folder)) cp2ijStop(folder + ": not a folder");
if (!endsWith(folder, "/") && !endsWith(folder, "\\")) folder = folder + File.separator;

// The manager window first: creating it leaves batch mode, which would drop batch-mode images.
cp2ijManager();
wasBatch = is("Batch Mode");
setBatchMode(true);
started = getTime();
files = getFileList(folder);
Array.sort(files);
total = 0;
results = 0;
for (i = 0; i < files.length; i++) {
  name = files[i];
  base = "";
  if (endsWith(name, "_rois.zip")) base = substring(name, 0, lengthOf(name) - lengthOf("_rois.zip"));
  if (endsWith(name, "_cp_outlines.txt")) {
    candidate = substring(name, 0, lengthOf(name) - lengthOf("_cp_outlines.txt"));
    // the RoiSet wins when both exist
    if (!File.exists(folder + candidate + "_rois.zip")) base = candidate;
  }
  if (base != "") {
    // plain variables as arguments: ImageJ 1.53t hangs on some expressions in user-function calls
    path = folder + name;
    prefix = base + ":";
    added = cp2ijLoad(path, prefix, colors, roiSetColors);
    total = total + added;
    results++;
  }
}
if (results == 0) cp2ijStop("no *_rois.zip or *_cp_outlines.txt in " + folder);
cp2ijShowAll();
print("cp2ij: loaded " + total + " ROIs from " + results + " Cellpose results in " + folder + " in " + (getTime() - started) + " ms");
if (!wasBatch) setBatchMode("exit and display");
