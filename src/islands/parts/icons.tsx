/** Small line icons drawn with currentColor; always decorative (the control carries the name). */
const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

function Icon({ d }: { readonly d: string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={d} {...stroke} />
    </svg>
  );
}

export const DownloadIcon = () => <Icon d="M12 4v11M7 10l5 5 5-5M5 20h14" />;
export const RemoveIcon = () => <Icon d="M6 6l12 12M18 6L6 18" />;
export const ChevronIcon = () => <Icon d="M9 6l6 6-6 6" />;
export const SlidersIcon = () => <Icon d="M4 7h10M18 7h2M4 17h2M10 17h10M14 4v6M6 14v6" />;
