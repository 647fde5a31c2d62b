export { RecordsClient, filenameFromDisposition, type RecordsClientOptions, type RecordsFetch, type ListMeetingsOptions } from './records-client.js';
export { RecordsError, type RecordsErrorCode } from './records-error.js';
export type {
  AuditAction,
  AuditEntry,
  ExportFormat,
  MeetingExport,
  MeetingPage,
  MeetingRecord,
  MeetingSummary,
  Participation,
  PollBallotRecord,
  PollRecord,
  RecordingFile,
  RecordingListState,
  RecordingSummary,
} from './records-types.js';
