#@ File (label="Cellpose _cp_outlines.txt or RoiSet .zip", style="file", required=false) roi_file
# imagej_roi_converter.py -- drop-in for Cellpose's script of the same name, written for cp2ij.
#
# Fiji only (Jython, so Python 2.7 syntax that also parses as Python 3). Loads a Cellpose
# _cp_outlines.txt (one "x0,y0,x1,y1,..." polygon per line, empty lines skipped, ROI k named k) or
# a RoiSet .zip into the ROI Manager and shows them on the current image, if any.
# The path comes from the Fiji script parameter above, or the first command-line argument:
#   ImageJ-linux64 --ij2 --headless --run imagej_roi_converter.py 'roi_file="/data/img_cp_outlines.txt"'
# No file dialog is needed when a path is given. For plain ImageJ use the .ijm macro cp2ij writes.
from __future__ import print_function

import sys

from ij import WindowManager
from ij.gui import PolygonRoi, Roi
from ij.plugin.frame import RoiManager
from ij.process import FloatPolygon

COLORS = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231",
          "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe"]


def chosen_path():
    """The file from the script parameter, else from argv, else None."""
    try:
        if roi_file is not None:
            return str(roi_file.getPath())
    except NameError:
        pass
    if len(sys.argv) > 1 and sys.argv[1]:
        return sys.argv[1]
    return None


def read_polygons(path):
    """[(label, xs, ys)] from a _cp_outlines.txt; label = 1-based line number."""
    polygons = []
    handle = open(path, "r")
    try:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue  # Cellpose writes an empty line for a label it could not outline
            values = [float(v) for v in line.split(",")]
            if len(values) % 2 != 0 or len(values) < 6:
                raise ValueError("%s: line %d is not a list of at least 3 x,y pairs" % (path, number))
            polygons.append((number, values[0::2], values[1::2]))
    finally:
        handle.close()
    return polygons


def manager():
    rm = RoiManager.getInstance()
    if rm is None:
        rm = RoiManager()
    return rm


def load(path):
    rm = manager()
    if path.lower().endswith(".zip"):
        rm.runCommand("Open", path)
        return rm
    from java.awt import Color
    for label, xs, ys in read_polygons(path):
        polygon = FloatPolygon()
        for x, y in zip(xs, ys):
            polygon.addPoint(x, y)
        roi = PolygonRoi(polygon, Roi.POLYGON)
        roi.setName(str(label))
        roi.setStrokeColor(Color.decode(COLORS[(label - 1) % len(COLORS)]))
        rm.addRoi(roi)
    return rm


def main():
    path = chosen_path()
    if path is None:
        print("imagej_roi_converter.py: give the _cp_outlines.txt or RoiSet .zip as the argument")
        return
    rm = load(path)
    image = WindowManager.getCurrentImage()
    if image is not None:
        rm.runCommand("UseNames", "true")
        rm.runCommand(image, "Show All with labels")
    print("imagej_roi_converter.py: %d ROIs in the ROI Manager" % rm.getCount())


main()
