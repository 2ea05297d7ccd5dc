// "Batch Import Cellpose Folder (cp2ij)"
// Plugins menu command installed by cp2ij (see docs/fiji.md).
//
// Loads every Cellpose result of a folder into the ROI Manager: for each <base>, its <base>_rois.zip
// (or, when there is none, its <base>_cp_outlines.txt). ROIs are named "<base>:<label>".
// Which folder: the macro argument if given; else (interactive only) a folder dialog.
// Headless: ImageJ -batch Batch_Import_Cellpose_Folder.ijm path/to/folder

colors = "#e6194b,#3cb44b,#ffe119,#4363d8,#f58231,#911eb4,#46f0f0,#f032e6,#bcf60c,#fabebe";             // outlines text (no colours of its own)
roiSetColors = ""; // "": keep the colours stored in a RoiSet

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

// ---------------------------------------------------------------------------------------------
// cp2ij loader functions (ImageJ macro language; plain ImageJ 1.x and Fiji, no Jython).
// Headless rules (ImageJ under xvfb with -batch): every error dialog is modal and hangs the run,
// so inputs are checked first and problems end the macro with a printed "cp2ij: ..." line.
// The ImageJ macro language does not short-circuit && and ||: guards are nested ifs.
// ---------------------------------------------------------------------------------------------

// Print why nothing (more) can be done, then stop without a dialog.
function cp2ijStop(message) {
  print("cp2ij: " + message);
  exit;
}

// Where the macro file itself lives; expectedName guards against a stale "last macro" path. Run by
// its bare name (ImageJ -batch NAME.ijm) ImageJ knows no folder ("null"): then the working folder, if
// the macro is there, else the folder cp2ij wrote it to.
function cp2ijMacroDir(expectedName, fallbackDir) {
  p = getInfo("macro.filepath");
  if (p != "null" && p != "") {
    if (File.getName(p) == expectedName) {
      // File.getParent of a bare name is Java's null, which the macro language cannot compare: test for a folder part
      if (indexOf(p, "/") >= 0 || indexOf(p, "\\") >= 0) return File.getParent(p) + File.separator;
    }
  }
  cwd = getInfo("user.dir");
  if (cwd != "") {
    if (File.exists(cwd + File.separator + expectedName)) return cwd + File.separator;
  }
  return fallbackDir;
}

// What the command was given: the macro argument (runMacro, -batch FILE ARG), else the options of
// run("Command Name", "options") — a bare path, or path=[...] as ImageJ's recorder writes it.
function cp2ijArgument() {
  arg = getArgument();
  if (arg != "") return arg;
  options = "" + call("ij.Macro.getOptions");
  // no options reads as "null" or, in ImageJ 1.53t, "0"
  if (options == "null" || options == "" || options == "0") return "";
  options = String.trim(options);
  if (startsWith(options, "path=")) {
    options = substring(options, 5);
    if (startsWith(options, "[") && endsWith(options, "]")) options = substring(options, 1, lengthOf(options) - 1);
  }
  return options;
}

// A relative path is taken relative to dir.
function cp2ijResolve(dir, name) {
  if (name == "") return "";
  if (startsWith(name, "/")) return name;
  if (lengthOf(name) > 2) {
    if (substring(name, 1, 3) == ":\\" || substring(name, 1, 3) == ":/") return name;
  }
  return dir + name;
}

// "roiset", "outlines" or "" from the file name.
function cp2ijKind(path) {
  lower = toLowerCase(path);
  if (endsWith(lower, ".zip")) return "roiset";
  if (endsWith(lower, ".txt")) return "outlines";
  return "";
}

// The ROI Manager must exist as a window, or ROIs added in batch mode vanish when the macro ends;
// in batch mode (always so under -batch) ImageJ opens that window only after leaving batch mode.
function cp2ijManager() {
  if (!isOpen("ROI Manager")) {
    batch = is("Batch Mode");
    if (batch) setBatchMode(false); // drops batch-mode images: call this before opening any
    run("ROI Manager...");
    if (batch) setBatchMode(true);
  }
}

// Load a RoiSet .zip or a Cellpose _cp_outlines.txt; returns the number of ROIs added.
// prefix ("" or "name:") goes in front of every ROI name; colors (outlines) and roiSetColors (RoiSets,
// "" = keep the colours stored in them) are comma-separated #rrggbb lists.
function cp2ijLoad(path, prefix, colors, roiSetColors) {
  kind = cp2ijKind(path);
  if (kind == "") cp2ijStop(path + ": not a RoiSet .zip or a _cp_outlines.txt");
  if (!File.exists(path)) cp2ijStop(path + ": file not found");
  if (File.isDirectory(path)) cp2ijStop(path + ": is a folder, not a file");
  if (kind == "roiset") return cp2ijLoadRoiSet(path, prefix, roiSetColors);
  return cp2ijLoadOutlines(path, prefix, colors);
}

function cp2ijLoadRoiSet(path, prefix, colors) {
  // An archive without entries is 22 bytes; ImageJ answers it with a modal error.
  if (parseInt(File.length(path)) <= 22) {
    print("cp2ij: " + path + ": the RoiSet holds no ROIs");
    return 0;
  }
  cp2ijManager();
  first = roiManager("count");
  roiManager("open", path);
  added = roiManager("count") - first;
  if (prefix != "") {
    // renaming goes through a selection, which needs an image
    if (nImages == 0) newImage(File.getName(path), "8-bit black", 1, 1, 1);
    for (i = first; i < first + added; i++) {
      roiManager("select", i);
      roiManager("rename", prefix + RoiManager.getName(i));
    }
  }
  cp2ijColorEntries(first, added, prefix, colors);
  return added;
}

// Colour entries [first, first+n) by label, one "Set Color" per palette colour (fast for thousands).
function cp2ijColorEntries(first, n, prefix, colors) {
  if (n == 0 || colors == "") return;
  palette = split(colors, ",");
  for (c = 0; c < palette.length; c++) {
    members = newArray(n);
    count = 0;
    for (i = first; i < first + n; i++) {
      name = RoiManager.getName(i);
      if (cp2ijColorIndex(name, prefix, i - first, palette.length) == c) {
        members[count] = i;
        count++;
      }
    }
    if (count > 0) {
      roiManager("select", Array.trim(members, count));
      roiManager("Set Color", palette[c]);
    }
  }
  roiManager("deselect");
}

// Palette slot of a ROI: by its numeric label when it has one, else by its position.
function cp2ijColorIndex(name, prefix, offset, slots) {
  label = parseInt(substring(name, lengthOf(prefix)));
  if (isNaN(label)) label = offset + 1;
  return (label - 1) % slots;
}

// Cellpose outlines: line k (1-based, empty lines counted) is label k, "x0,y0,x1,y1,..." pixel
// centres; empty lines (labels Cellpose could not outline) are skipped.
function cp2ijLoadOutlines(path, prefix, colors) {
  text = replace(File.openAsString(path), "\r", "");
  lines = split(text, "(\n)");
  palette = split(colors, ",");
  // Check every line before touching ImageJ: a bad number later would open a modal error.
  extentX = 0;
  extentY = 0;
  for (k = 0; k < lines.length; k++) {
    if (lines[k] != "") {
      v = split(lines[k], ",");
      if (v.length % 2 != 0 || v.length < 6) cp2ijStop(path + ": line " + (k + 1) + " is not a list of at least 3 x,y pairs");
      for (j = 0; j < v.length; j++) {
        if (isNaN(parseFloat(v[j]))) cp2ijStop(path + ": line " + (k + 1) + " has a value that is not a number: " + v[j]);
        if (j % 2 == 0) extentX = maxOf(extentX, parseFloat(v[j]) + 1);
        else extentY = maxOf(extentY, parseFloat(v[j]) + 1);
      }
    }
  }
  cp2ijManager();
  // makeSelection needs an image: without one, draw on a blank canvas the size of the outlines.
  if (nImages == 0) newImage(File.getName(path), "8-bit black", maxOf(1, extentX), maxOf(1, extentY), 1);
  added = 0;
  for (k = 0; k < lines.length; k++) {
    if (lines[k] != "") {
      v = split(lines[k], ",");
      n = v.length / 2;
      xs = newArray(n);
      ys = newArray(n);
      for (j = 0; j < n; j++) {
        xs[j] = parseFloat(v[2 * j]);
        ys[j] = parseFloat(v[2 * j + 1]);
      }
      makeSelection("polygon", xs, ys);
      Roi.setName(prefix + (k + 1));
      if (palette.length > 0) Roi.setStrokeColor(palette[k % palette.length]);
      roiManager("add");
      added++;
    }
  }
  run("Select None");
  return added;
}

// Show every ROI with its name on the current image (if there is one).
function cp2ijShowAll() {
  if (nImages > 0) {
    if (roiManager("count") > 0) {
      roiManager("UseNames", "true");
      roiManager("Show All with labels");
    }
  }
}
