import { describe, expect, it } from 'vitest';
import { toolsFromHomePage } from './tool-cards.ts';

describe('the tool list from the home page', () => {
  it('reads slug, title and status from the tool cards, ignoring other links and other sites', () => {
    const html = `<nav><a href="/privacy/">Privacy</a></nav><ul class="tool-grid">
      <li><article class="tool-card"><h2><a href="/compress/">Compress &amp; shrink</a></h2><p>…</p></article></li>
      <li><article class="tool-card" data-x="1"><h2><a href="/crop/">Crop</a></h2> <span class="badge">Coming soon</span><p>…</p></article></li>
      <li><article class="tool-card"><h2><a href="https://other.example/evil/">Evil</a></h2></article></li>
      <li><article class="tool-card"><h2><a href="/compress/">Again</a></h2></article></li>
    </ul>`;
    expect(toolsFromHomePage(html, 'https://imglio.example/')).toEqual([
      { slug: 'compress', title: 'Compress & shrink', status: 'available' },
      { slug: 'crop', title: 'Crop', status: 'coming-soon' },
    ]);
  });

  it('resolves tools under a sub-path deployment', () => {
    expect(toolsFromHomePage('<article class="tool-card"><a href="resize/">Resize</a></article>', 'https://host.example/imglio/')).toEqual([{ slug: 'resize', title: 'Resize', status: 'available' }]);
  });
});
