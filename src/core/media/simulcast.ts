/** Simulcast layer to receive for a tile `height` pixels tall. */
export function spatialLayerFor(height: number): number {
  return height <= 180 ? 0 : height <= 360 ? 1 : 2;
}
