/**
 * Palette reduction (libimagequant 4, the quantiser of pngquant and of sharp's
 * `png({ palette: true })`, as WebAssembly from libimagequant-wasm), used before PNG encoding.
 */
import { defineProcessor } from '../../types.ts';

export const quantiseMeta = defineProcessor({
  id: 'quantise',
  label: 'Palette reduction',
  options: [
    { kind: 'range', key: 'colours', label: 'Colours', min: 2, max: 256, step: 1, default: 256 },
    {
      // libimagequant dithers with its own error diffusion (Floyd–Steinberg, weighted by how visible the error is).
      kind: 'select', key: 'dithering', label: 'Dithering', default: 'floyd-steinberg',
      choices: [
        { value: 'floyd-steinberg', label: 'Floyd–Steinberg' },
        { value: 'light', label: 'Light (half strength)' },
        { value: 'nearest', label: 'None' },
      ],
    },
  ],
});
