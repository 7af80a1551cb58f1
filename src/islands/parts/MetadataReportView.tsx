/** What one file carried before cleaning; a GPS position gets a prominent warning. */
import type { MetadataReport } from '../../core/types.ts';

const coordinate = (value: number, positive: string, negative: string): string => `${Math.abs(value).toFixed(6)}° ${value >= 0 ? positive : negative}`;

export function MetadataReportView({ report }: { readonly report: MetadataReport }) {
  const rows: [string, string][] = [];
  if (report.camera) rows.push(['Camera', report.camera]);
  if (report.lens) rows.push(['Lens', report.lens]);
  if (report.takenAt) rows.push(['Date taken', report.takenAt]);
  if (report.software) rows.push(['Software', report.software]);
  if (report.serialNumbers.length) rows.push(['Serial numbers', report.serialNumbers.join(', ')]);
  rows.push(['Embedded thumbnail', report.hasThumbnail ? 'Yes' : 'No']);
  rows.push(['Colour profile (ICC)', report.icc ? report.icc.description || 'Yes' : 'No']);
  rows.push(['XMP', report.hasXmp ? 'Yes' : 'No']);
  rows.push(['IPTC', report.hasIptc ? 'Yes' : 'No']);
  if (report.comments.length) rows.push(['Comments', report.comments.join(' · ')]);
  const others = Object.entries(report.all);
  return (
    <div class="metadata-report">
      {report.gps ? (
        <p class="gps-warning" role="note">
          <strong>Warning: this photo reveals where it was taken.</strong>{' '}
          GPS position {coordinate(report.gps.latitude, 'N', 'S')}, {coordinate(report.gps.longitude, 'E', 'W')}
          {report.gps.altitude !== undefined ? `, altitude ${Math.round(report.gps.altitude)} m` : ''}. The cleaned file no longer contains it.
        </p>
      ) : (
        <p class="field-help">No GPS position found.</p>
      )}
      <dl class="metadata-list">
        {rows.map(([term, value]) => (
          <div key={term}><dt>{term}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      {others.length > 0 && (
        <details class="advanced">
          <summary>All {others.length} tags</summary>
          <dl class="metadata-list metadata-all">
            {others.map(([term, value]) => <div key={term}><dt>{term}</dt><dd>{value}</dd></div>)}
          </dl>
        </details>
      )}
    </div>
  );
}
