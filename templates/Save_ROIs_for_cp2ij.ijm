// {{title}}
// Plugins menu command installed by cp2ij (see docs/fiji.md).
//
// Saves the ROI Manager as <image base>_rois.zip next to the current image, where `cp2ij import`
// looks for it. With an argument, saves to that path instead.
// Headless: ImageJ -batch Save_ROIs_for_cp2ij.ijm [path/to/<base>_rois.zip]

target = getArgument();
if (roiManager("count") == 0) cp2ijStop("the ROI Manager is empty: nothing to save");
if (target == "") {
  if (nImages == 0) cp2ijStop("no image is open: open the image the ROIs belong to, or pass the output path");
  dir = getDirectory("image");
  if (dir == "") cp2ijStop("the current image has no folder (never saved): save it first, or pass the output path");
  base = getTitle();
  dot = lastIndexOf(base, ".");
  if (dot > 0) base = substring(base, 0, dot);
  target = dir + base + "_rois.zip";
}
if (!endsWith(toLowerCase(target), ".zip")) cp2ijStop(target + ": the output must be a .zip");
roiManager("deselect"); // with a selection, ImageJ would save only the selected ROIs
roiManager("save", target);
print("cp2ij: saved " + roiManager("count") + " ROIs to " + target);
