/** Every decoder, listed once; decode.ts picks one by sniffed format. */
import type { InputFormat } from '../../core/types.ts';
import type { DecoderDefinition } from '../types.ts';
import { heicDecoder } from './heic.ts';
import { jxlDecoder } from './jxl.ts';
import { nativeDecoder, nativeWebpDecoder } from './native.ts';
import { qoiDecoder } from './qoi.ts';
import { svgDecoder } from './svg.ts';
import { tiffDecoder } from './tiff.ts';

export const decoders: readonly DecoderDefinition[] = [nativeDecoder, nativeWebpDecoder, svgDecoder, jxlDecoder, qoiDecoder, tiffDecoder, heicDecoder];

export function decoderFor(format: InputFormat): DecoderDefinition | undefined {
  return decoders.find((decoder) => decoder.formats.includes(format));
}
