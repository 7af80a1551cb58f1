/** Removes what an SVG carries besides the drawing: <metadata> (RDF/XMP), comments and editor-private attributes. */
export function stripSvgMetadata(svg: string): string {
  return svg
    .replace(/<metadata\b[\s\S]*?<\/metadata\s*>|<metadata\b[^>]*\/>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(sodipodi|inkscape):[\w-]+\b[\s\S]*?(?:\/>|<\/\1:[\w-]+\s*>)/g, '')
    .replace(/\s(?:sodipodi|inkscape):[\w-]+\s*=\s*(?:"[^"]*"|'[^']*')/g, '');
}
