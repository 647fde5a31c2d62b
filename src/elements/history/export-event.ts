import type { ExportFormat } from '../../core/records/index.js';

/** Fired by `<we-history>` after a meeting's record was exported and handed to the browser as a download. */
export class WeExportEvent extends Event {
  static readonly eventName = 'we-export';
  /** The exported meeting's id. */
  readonly meeting: string;
  readonly format: ExportFormat;
  /** The downloaded file's name. */
  readonly filename: string;

  constructor(meeting: string, format: ExportFormat, filename: string) {
    super(WeExportEvent.eventName, { bubbles: true, composed: true });
    this.meeting = meeting;
    this.format = format;
    this.filename = filename;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'we-export': WeExportEvent;
  }
}
