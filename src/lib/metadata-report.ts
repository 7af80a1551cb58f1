/**
 * Builds the Metadata tool's report from exifr's segmented output
 * (`mergeOutput: false`), plus what our own container readers found. Pure:
 * the worker runs exifr, this decides what the person sees.
 */
import type { InputFormat, MetadataReport } from '../core/types.ts';

type Segment = Readonly<Record<string, unknown>>;
export type ExifrOutput = Readonly<Partial<Record<'ifd0' | 'ifd1' | 'exif' | 'gps' | 'interop' | 'xmp' | 'iptc' | 'icc' | 'jfif' | 'ihdr', Segment>>> & Readonly<Record<string, unknown>>;

export interface ReportInput {
  readonly format: InputFormat;
  readonly width: number;
  readonly height: number;
  readonly tags: ExifrOutput | undefined;
  /** Facts our container readers found that exifr may miss (WebP/JXL/HEIC, JPEG comments). */
  readonly extra?: {
    readonly iccDescription?: string;
    readonly hasXmp?: boolean;
    readonly hasIptc?: boolean;
    readonly hasThumbnail?: boolean;
    readonly comments?: readonly string[];
  };
}

const SERIAL_TAGS = ['SerialNumber', 'BodySerialNumber', 'CameraSerialNumber', 'LensSerialNumber', 'InternalSerialNumber'];
const COMMENT_TAGS = ['UserComment', 'ImageDescription', 'XPComment', 'Comment', 'Description'];

const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string') return value.replace(/\0+$/, '').trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (ArrayBuffer.isView(value)) return `(${value.byteLength} bytes of binary data)`;
  if (Array.isArray(value)) return value.length > 32 ? `(${value.length} values)` : value.map((v) => text(v) ?? '').join(', ');
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

function find(tags: ExifrOutput | undefined, key: string, segments: readonly string[] = ['ifd0', 'exif', 'xmp', 'iptc', 'gps', 'ifd1']): unknown {
  for (const name of segments) {
    const segment = tags?.[name] as Segment | undefined;
    if (segment && segment[key] !== undefined && segment[key] !== null && segment[key] !== '') return segment[key];
  }
  return undefined;
}

function camera(tags: ExifrOutput | undefined): string | undefined {
  const make = text(find(tags, 'Make'));
  const model = text(find(tags, 'Model'));
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return make ?? model;
}

function gps(tags: ExifrOutput | undefined): MetadataReport['gps'] {
  const segment = tags?.gps;
  const latitude = Number(segment?.['latitude']);
  const longitude = Number(segment?.['longitude']);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  const altitude = Number(segment?.['GPSAltitude']);
  const below = Number(segment?.['GPSAltitudeRef']) === 1;
  return { latitude, longitude, ...(Number.isFinite(altitude) ? { altitude: below ? -altitude : altitude } : {}) };
}

function flatten(tags: ExifrOutput | undefined): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [segment, content] of Object.entries(tags ?? {})) {
    if (content && typeof content === 'object' && !ArrayBuffer.isView(content) && !Array.isArray(content)) {
      for (const [key, value] of Object.entries(content as Segment)) {
        const shown = text(value);
        if (shown !== undefined) all[`${segment}.${key}`] = shown;
      }
    } else {
      const shown = text(content);
      if (shown !== undefined) all[segment] = shown;
    }
  }
  return all;
}

export function buildMetadataReport(input: ReportInput): MetadataReport {
  const { tags, extra = {} } = input;
  const lens = text(find(tags, 'LensModel')) ?? text(find(tags, 'Lens'));
  const takenAt = text(find(tags, 'DateTimeOriginal')) ?? text(find(tags, 'CreateDate')) ?? text(find(tags, 'DateCreated')) ?? text(find(tags, 'ModifyDate'));
  const software = text(find(tags, 'Software')) ?? text(find(tags, 'CreatorTool'));
  const serialNumbers = [...new Set(SERIAL_TAGS.map((key) => text(find(tags, key))).filter((v): v is string => v !== undefined))];
  const comments = [...new Set([...(extra.comments ?? []), ...COMMENT_TAGS.map((key) => text(find(tags, key, ['ifd0', 'exif', 'ihdr', 'xmp']))).filter((v): v is string => v !== undefined)])];
  const iccName = text(tags?.icc?.['ProfileDescription']) ?? extra.iccDescription;
  const location = gps(tags);
  const made = camera(tags);
  return {
    format: input.format,
    width: input.width,
    height: input.height,
    ...(made ? { camera: made } : {}),
    ...(lens ? { lens } : {}),
    ...(takenAt ? { takenAt } : {}),
    ...(software ? { software } : {}),
    ...(location ? { gps: location } : {}),
    serialNumbers,
    hasThumbnail: extra.hasThumbnail === true || Object.keys(tags?.ifd1 ?? {}).length > 0,
    ...(iccName ? { icc: { description: iccName } } : {}),
    hasXmp: extra.hasXmp === true || Object.keys(tags?.xmp ?? {}).length > 0,
    hasIptc: extra.hasIptc === true || Object.keys(tags?.iptc ?? {}).length > 0,
    comments,
    all: flatten(tags),
  };
}
