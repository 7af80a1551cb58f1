/** The settings a tool shows, from its registry entry; every change is applied by the batch. Each field is its own component. */
import type { ImageFormat } from '../../core/formats.ts';
import type { ToolSettings } from '../../lib/tool-settings.ts';
import type { SettingsPanel as PanelId } from '../../tools/types.ts';
import { CodecOptions } from './CodecOptions.tsx';
import { BackgroundField } from './fields/BackgroundField.tsx';
import { FilenameField } from './fields/FilenameField.tsx';
import { FormatField } from './fields/FormatField.tsx';
import { MetadataField } from './fields/MetadataField.tsx';
import { PngModeField } from './fields/PngModeField.tsx';
import { QualityField } from './fields/QualityField.tsx';
import { ResizeFields } from './fields/ResizeFields.tsx';
import { SmartFields } from './fields/SmartFields.tsx';
import { StripModeField } from './fields/StripModeField.tsx';

interface Props {
  readonly panels: readonly PanelId[];
  /** The tool's accepted inputs (which of them "Same as input" turns into JPEG decides the background picker). */
  readonly accepts: readonly ImageFormat[];
  readonly settings: ToolSettings;
  readonly onChange: (next: ToolSettings) => void;
}

export function SettingsPanel({ panels, accepts, settings, onChange }: Props) {
  const shared = { settings, onChange };
  const format = settings.format === 'same' ? undefined : settings.format;
  return (
    <>
      {panels.map((panel) => {
        switch (panel) {
          case 'format': return <FormatField key={panel} {...shared} />;
          case 'quality': return <QualityField key={panel} {...shared} />;
          case 'smart': return <SmartFields key={panel} {...shared} />;
          case 'resize': return <ResizeFields key={panel} {...shared} />;
          case 'metadata': return <MetadataField key={panel} {...shared} />;
          case 'strip-mode': return <StripModeField key={panel} {...shared} />;
          case 'background': return <BackgroundField key={panel} {...shared} accepts={accepts} />;
          case 'filename': return <FilenameField key={panel} {...shared} />;
          case 'png': return <PngModeField key={panel} {...shared} />;
          case 'codec':
            return (
              <CodecOptions key={panel} format={format} values={format ? settings.codecOptions[format] ?? {} : {}}
                onChange={(values) => format && onChange({ ...settings, codecOptions: { ...settings.codecOptions, [format]: values } })} />
            );
        }
      })}
    </>
  );
}
