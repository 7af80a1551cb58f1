/**
 * The editor is loaded only on the Edit page and only once files are there, after the page's prefetch (so the
 * import makes no request: src/prefetch/gate.ts). The other tool pages never carry its code before they are
 * interactive.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { afterPrefetch } from '../../../prefetch/gate.ts';
import type { EditWorkspaceProps } from './EditWorkspace.tsx';

let loaded: Promise<ComponentType<EditWorkspaceProps>> | undefined;
const load = (): Promise<ComponentType<EditWorkspaceProps>> => {
  loaded ??= afterPrefetch(() => import('./EditWorkspace.tsx')).then((module) => module.EditWorkspace);
  loaded.catch(() => { loaded = undefined; });
  return loaded;
};

export function LazyEditWorkspace(props: EditWorkspaceProps) {
  const [Workspace, setWorkspace] = useState<ComponentType<EditWorkspaceProps> | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load().then((component) => { if (live) setWorkspace(() => component); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, []);
  if (Workspace) return <Workspace {...props} />;
  return <p class="field-help" role="status">{failed ? 'The editor could not be loaded; reload the page to try again.' : 'Loading the editor…'}</p>;
}
