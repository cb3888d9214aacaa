// Between the counter screen and its in-process print worker: the worker is started after the first
// frame (its modules load lazily), the screen wakes it after each action and hears what happened.
import type { WorkerEvent } from '../app/print/spool.js';

export class PrintHub {
  private worker: { wake(): void } | undefined;
  private readonly listeners = new Set<(e: WorkerEvent) => void>();

  attach(worker: { wake(): void }): void {
    this.worker = worker;
    worker.wake();
  }

  /** Something may have been queued (an action here, or another process's commit). */
  wake(): void {
    this.worker?.wake();
  }

  emit(e: WorkerEvent): void {
    for (const l of this.listeners) l(e);
  }

  subscribe(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
