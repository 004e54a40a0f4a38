import { EventEmitter } from 'node:events';
import type { Database } from '../../db/client.js';

/**
 * Tells open day boards that a clinic's visits changed (issue 9: the board refreshes live). One LISTEN per process
 * on `appointments_changed` (a trigger on appointments, migration 0014, names the clinic); each board's stream
 * subscribes to its clinic. Started on the first subscription, so processes without boards hold no listener.
 */
export class BoardEvents {
  private readonly emitter = new EventEmitter();
  private started: Promise<void> | null = null;

  constructor(private readonly database: Pick<Database, 'listen'>) {
    this.emitter.setMaxListeners(0);
  }

  async subscribe(locationId: string, onChange: () => void): Promise<() => void> {
    this.started ??= this.database
      .listen('appointments_changed', (payload) => this.emitter.emit(payload))
      .catch((err: unknown) => {
        this.started = null; // the next board tries again
        throw err;
      });
    await this.started;
    this.emitter.on(locationId, onChange);
    return () => this.emitter.off(locationId, onChange);
  }
}
