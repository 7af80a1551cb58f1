/** Palette reduction (image-q: Wu quantiser plus dithering), used before PNG encoding. */
import { defineProcessor } from '../../types.ts';

export const quantiseMeta = defineProcessor({
  id: 'quantise',
  label: 'Palette reduction',
  options: [
    { kind: 'range', key: 'colours', label: 'Colours', min: 2, max: 256, step: 1, default: 256 },
    {
      kind: 'select', key: 'dithering', label: 'Dithering', default: 'floyd-steinberg',
      choices: [
        { value: 'floyd-steinberg', label: 'Floyd–Steinberg' },
        { value: 'atkinson', label: 'Atkinson' },
        { value: 'sierra-lite', label: 'Sierra Lite' },
        { value: 'riemersma', label: 'Riemersma' },
        { value: 'nearest', label: 'None' },
      ],
    },
  ],
});
