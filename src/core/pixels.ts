/** RGBA pixels, 8 bits per channel: the shape of the DOM's ImageData, constructible in any worker and in Node. */
export interface Pixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}
