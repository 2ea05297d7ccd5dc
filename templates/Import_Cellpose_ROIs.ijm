// {{title}}
// Plugins menu command installed by cp2ij (see docs/fiji.md).
//
// Loads a Cellpose RoiSet (.zip) or _cp_outlines.txt into the ROI Manager for the current image,
// named by Cellpose label, coloured, shown with their names.
// Which file: the macro argument if given; else <image>_rois.zip or <image>_cp_outlines.txt next to
// the current image; else (interactive only) a file dialog.
// Headless: ImageJ -batch Import_Cellpose_ROIs.ijm path/to/RoiSet.zip

colors = {{colors}};             // outlines text (no colours of its own)
roiSetColors = {{roiSetColors}}; // "": keep the colours stored in a RoiSet

source = cp2ijArgument();
if (source == "") {
  if (nImages > 0) source = cp2ijFindNextToImage();
}
if (source == "") {
  if (is("Batch Mode")) cp2ijStop("no RoiSet or _cp_outlines.txt next to the current image; pass the file as the macro argument");
  source = File.openDialog("Choose a Cellpose RoiSet (.zip) or _cp_outlines.txt");
}

// The manager window first: creating it leaves batch mode, which would drop batch-mode images.
cp2ijManager();
wasBatch = is("Batch Mode");
setBatchMode(true);
started = getTime();
added = cp2ijLoad(source, "", colors, roiSetColors);
cp2ijShowAll();
print("cp2ij: loaded " + added + " ROIs from " + source + " in " + (getTime() - started) + " ms");
if (!wasBatch) setBatchMode("exit and display");

// <base>_rois.zip or <base>_cp_outlines.txt in the current image's folder, or "".
function cp2ijFindNextToImage() {
  dir = getDirectory("image");
  if (dir == "") return "";
  base = getTitle();
  dot = lastIndexOf(base, ".");
  if (dot > 0) base = substring(base, 0, dot);
  candidates = newArray(base + "_rois.zip", base + "_cp_outlines.txt");
  for (i = 0; i < candidates.length; i++) {
    if (File.exists(dir + candidates[i])) return dir + candidates[i];
  }
  return "";
}
