/**
 * The batch on a tool page as a hook: a thin view over the batch controller
 * (src/batch/controller.ts), which owns the files, jobs, results and URLs.
 * Subscribes to its snapshots and hands it the current settings.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { createBatchController, type BatchController, type BatchMode, type BatchSnapshot } from '../../batch/controller.ts';
import type { ToolSettings } from '../../lib/tool-settings.ts';
import { browserBatchDeps } from './batch-deps.ts';

export interface BatchView {
  readonly snapshot: BatchSnapshot;
  readonly controller: BatchController;
}

export function useBatch(mode: BatchMode, settings: ToolSettings): BatchView {
  const ref = useRef<BatchController | undefined>(undefined);
  ref.current ??= createBatchController(browserBatchDeps(mode), mode);
  const controller = ref.current;
  const [snapshot, setSnapshot] = useState<BatchSnapshot>(() => controller.getSnapshot());

  useEffect(() => {
    const update = (): void => setSnapshot(controller.getSnapshot());
    const unsubscribe = controller.subscribe(update);
    update();
    return () => {
      unsubscribe();
      controller.dispose();
    };
  }, [controller]);

  useEffect(() => {
    controller.setSettings(settings);
  }, [controller, settings]);

  return { snapshot, controller };
}
