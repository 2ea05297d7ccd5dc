"""Writes the bundled example: cells.png (a small synthetic fluorescence image) and cells_seg.npy, a Cellpose
command-line-layout _seg.npy for it (as io.masks_flows_to_seg writes), with round touching cells, a cell with
a hole, a cell in two pieces, cells on the borders and a 1-pixel cell. Run with Debian's python3
(numpy + python3-opencv):  /usr/bin/python3 examples/make_example.py"""
import os
import cv2
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
H, W = 96, 128
masks = np.zeros((H, W), np.uint16)
yy, xx = np.mgrid[0:H, 0:W]
label = 0
for cy in range(8, H, 18):
    for cx in range(8 + (cy // 18 % 2) * 9, W, 18):
        label += 1
        r = rng.uniform(6.5, 10.5)
        jx, jy = rng.uniform(-2, 2, 2)
        disc = (xx - cx - jx) ** 2 + (yy - cy - jy) ** 2 <= r * r
        masks[disc & (masks == 0)] = label
ring = masks == 12
masks[ring & ((xx - xx[ring].mean()) ** 2 + (yy - yy[ring].mean()) ** 2 <= 6)] = 0  # a hole
masks[(masks == 0) & (np.abs(xx - 60) <= 1) & (np.abs(yy - 90) <= 1)] = 5  # label 5 gets a second piece
masks[47, 64] = label + 1  # a 1-pixel cell
masks[masks == 0] = 0

# fluorescence-like image: bright cell interiors, darker rims, noise
dist = np.zeros((H, W), np.float32)
for n in np.unique(masks)[1:]:
    m = (masks == n).astype(np.uint8)
    dist = np.maximum(dist, cv2.distanceTransform(m, cv2.DIST_L2, 3))
img = (40 + 180 * np.clip(dist / 6, 0, 1) + rng.normal(0, 8, (H, W))).clip(0, 255).astype(np.uint8)
cv2.imwrite(os.path.join(here, 'cells.png'), img)

# flows as Cellpose stores them: dY, dX from the distance gradient, cell probability, and their pictures
dy, dx = np.gradient(cv2.GaussianBlur(dist, (5, 5), 1.5))
norm = np.sqrt(dx ** 2 + dy ** 2) + 1e-6
dP = np.stack([dy / norm, dx / norm]).astype(np.float32) * (masks > 0)
cellprob = (dist * 2 - 2).astype(np.float32)
angle = np.arctan2(dP[0], dP[1]) + np.pi
rgb = np.stack([(np.cos(angle + k * 2 * np.pi / 3) + 1) * 127.5 * (masks > 0) for k in range(3)], -1).astype(np.uint8)
flows = [rgb[None], (np.clip(cellprob, -6, 6) / 12 * 255 + 127.5).clip(0, 255).astype(np.uint8)[None],
         np.zeros((1, H, W, 3), np.uint8), [], np.concatenate([dP, cellprob[None]]).astype(np.float32)]
outlines = np.zeros_like(masks)
for n in np.unique(masks)[1:]:
    contours, _ = cv2.findContours((masks == n).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    for c in contours:
        outlines[c[:, 0, 1], c[:, 0, 0]] = n
np.save(os.path.join(here, 'cells_seg.npy'), {
    'outlines': outlines, 'masks': masks, 'chan_choose': [0, 0], 'ismanual': np.zeros(masks.max(), bool),
    'filename': 'cells.png', 'flows': flows, 'diameter': float('nan')})
print('labels', len(np.unique(masks)) - 1, 'max', masks.max())
