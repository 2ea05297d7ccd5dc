/**
 * Neutral area geometry the filler understands, independent of the `.roi` model.
 *
 * Coordinates are absolute image coordinates in ImageJ's area convention (an integer is a pixel
 * corner). Each kind keeps exactly the numbers ImageJ keeps, because ImageJ's mask depends on how it
 * stores them (float32 vertices, truncated rectangle bounds, …).
 */
import type { PathOpCode } from '../encode/roi-model.js';

/** Polygon vertices (one closed ring, implicitly closed). */
export interface PolygonShape {
  readonly kind: 'polygon';
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /**
   * How ImageJ holds the vertices:
   * - 'int': integer vertices (polygon, freehand, traced without sub-pixel data);
   * - 'float': float32 vertices kept relative to their own float minimum (sub-pixel PolygonRoi);
   * - 'float-grid': float32 vertices kept relative to the integer grid (EllipseRoi, RotatedRectRoi).
   */
  readonly coords: 'int' | 'float' | 'float-grid';
}

/** A rectangle, optionally with rounded corners (arc = corner diameter in pixels, 0 = square). */
export interface RectShape {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly arc: number;
}

/** An axis-parallel oval given by its bounding box. */
export interface OvalShape {
  readonly kind: 'oval';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One java.awt.geom path segment with float32 coordinates. */
export interface ShapeSegment {
  readonly op: PathOpCode;
  readonly coords: readonly number[];
}

/** A composite outline: subpaths of lines and Bézier curves, filled even–odd across all subpaths. */
export interface PathShape {
  readonly kind: 'path';
  readonly segments: readonly ShapeSegment[];
}

export type Shape = PolygonShape | RectShape | OvalShape | PathShape;

/** Why a ROI has no area to fill (line, point, text, …). */
export interface Skipped {
  readonly skipped: string;
}

/** Receives one horizontal run of covered pixels: row y, columns x0 (inclusive) to x1 (exclusive). */
export type SpanSink = (y: number, x0: number, x1: number) => void;

/**
 * No image is wider or taller than 2³⁰ pixels; beyond that, doubles no longer count rows one by one
 * (at 4·10¹⁷ they step by 64), so a fill would never advance. Shapes reaching further are not filled.
 */
export const MAX_COORDINATE = 2 ** 30;
