import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { CAMERA, GPS, orientedPhoto } from '../../tests/support/image-fixtures.ts';
import { buildMetadataReport, type ExifrOutput } from './metadata-report.ts';

describe('buildMetadataReport', () => {
  it('turns exifr output for a real photo into the report the Metadata tool shows', async () => {
    const tags = (await exifr.parse(await orientedPhoto('jpeg'), { tiff: true, exif: true, gps: true, ifd1: true, icc: true, xmp: true, iptc: true, mergeOutput: false })) as ExifrOutput;
    const report = buildMetadataReport({ format: 'jpeg', width: 24, height: 32, tags, extra: { comments: ['from COM'] } });
    expect(report).toMatchObject({
      format: 'jpeg',
      width: 24,
      height: 32,
      camera: `${CAMERA.Make} ${CAMERA.Model}`,
      software: 'Imglio fixture',
      serialNumbers: [CAMERA.BodySerialNumber],
      icc: { description: 'sP3C' },
      hasXmp: false,
      hasIptc: false,
      comments: ['from COM'],
    });
    expect(report.takenAt).toMatch(/^2024-05-06T/);
    expect(report.gps?.latitude).toBeCloseTo(GPS.latitude, 4);
    expect(report.gps?.longitude).toBeCloseTo(GPS.longitude, 4);
    expect(report.all['ifd0.Make']).toBe(CAMERA.Make);
    expect(report.all['icc.MediaWhitePoint']).toMatch(/bytes of binary data/);
  });

  it('does not repeat the make inside the model, and signs altitude below sea level', () => {
    const report = buildMetadataReport({
      format: 'heic',
      width: 1,
      height: 1,
      tags: { ifd0: { Make: 'Apple', Model: 'Apple iPhone' }, gps: { latitude: -33.9, longitude: 151.2, GPSAltitude: 12, GPSAltitudeRef: 1 }, xmp: { CreatorTool: 'Editor 2' }, iptc: { Byline: 'J' } },
    });
    expect(report).toMatchObject({ camera: 'Apple iPhone', software: 'Editor 2', hasXmp: true, hasIptc: true, gps: { latitude: -33.9, longitude: 151.2, altitude: -12 } });
  });

  it('reports an image without metadata as such', () => {
    expect(buildMetadataReport({ format: 'png', width: 3, height: 2, tags: undefined })).toEqual({
      format: 'png', width: 3, height: 2, serialNumbers: [], hasThumbnail: false, hasXmp: false, hasIptc: false, comments: [], all: {},
    });
  });
});
