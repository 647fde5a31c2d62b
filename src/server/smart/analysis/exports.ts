// A smart recording's exports: the minutes in Markdown and the transcript as WebVTT captions.
import type { SmartRecording } from '../../../protocol/smart-recording.js';
import { isChinese } from './text.js';

/** The labels of the Markdown minutes in one language. */
interface MinutesLabels {
  date: string;
  duration: string;
  attendees: string;
  agenda: string;
  keyPoints: string;
  decisions: string;
  actionItems: string;
  speakers: string;
  none: string;
  unassigned: string;
  noTranscript: string;
  weakTranscript: string;
}

const ENGLISH: MinutesLabels = {
  date: 'Date',
  duration: 'Duration',
  attendees: 'Attendees',
  agenda: 'Agenda',
  keyPoints: 'Key points',
  decisions: 'Decisions',
  actionItems: 'Action items',
  speakers: 'Speakers',
  none: 'None recorded.',
  unassigned: 'Unassigned',
  noTranscript: 'No transcript: the agenda follows who spoke when.',
  weakTranscript: 'Written from an automatic transcript that is known to be inaccurate: read with care.',
};

const CHINESE: MinutesLabels = {
  date: '日期',
  duration: '时长',
  attendees: '参会者',
  agenda: '议程',
  keyPoints: '要点',
  decisions: '决定',
  actionItems: '待办事项',
  speakers: '发言人',
  none: '无。',
  unassigned: '未指定',
  noTranscript: '没有转录文本：议程按发言人和时间划分。',
  weakTranscript: '根据准确度较低的自动转录整理，请谨慎阅读。',
};

/** `h:mm:ss` or `m:ss`, for people to read. */
function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** Text from the transcript on one Markdown line: no line breaks, no markup. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>#|]/g, '\\$&');
}

/** The minutes in Markdown, headed and labelled in the meeting's language (English or Chinese). */
export function minutesMarkdown(recording: SmartRecording): string {
  const labels = isChinese(recording.language) ? CHINESE : ENGLISH;
  const { minutes } = recording;
  const list = (items: string[]) => (items.length > 0 ? items : [labels.none]);
  const date = new Date(minutes.date).toISOString().slice(0, 16).replace('T', ' ');
  const out: string[] = [`# ${inline(minutes.title)}`, ''];
  out.push(`- **${labels.date}:** ${date} UTC`);
  out.push(`- **${labels.duration}:** ${clock(minutes.duration)}`);
  out.push(`- **${labels.attendees}:** ${minutes.attendees.map(inline).join(', ')}`);
  if (!recording.transcript.available) out.push('', `> ${labels.noTranscript}`);
  else if (recording.transcript.weak) out.push('', `> ${labels.weakTranscript}`);
  out.push('', `## ${labels.agenda}`, '');
  out.push(...list(minutes.agenda.map((item, i) => `${i + 1}. [${clock(item.start)}] ${inline(item.title)}`)));
  out.push('', `## ${labels.keyPoints}`, '');
  out.push(...list(minutes.keyPoints.map((point) => `- ${inline(point)}`)));
  out.push('', `## ${labels.decisions}`, '');
  out.push(...list(minutes.decisions.map((decision) => `- [${clock(decision.at)}] ${inline(decision.text)}`)));
  out.push('', `## ${labels.actionItems}`, '');
  out.push(
    ...list(minutes.actionItems.map((item) => `- [ ] **${inline(item.who ?? labels.unassigned)}:** ${inline(item.what)} (${clock(item.at)})`)),
  );
  out.push('', `## ${labels.speakers}`, '');
  for (const summary of recording.speakerSummaries) {
    const share = `${Math.round(summary.share * 100)} %`;
    const phrases = summary.keyPhrases.length > 0 ? ` — ${summary.keyPhrases.map(inline).join(', ')}` : '';
    out.push(`- **${inline(summary.name)}** (${clock(summary.talkTime)}, ${share})${phrases}`);
  }
  return `${out.join('\n')}\n`;
}

/** `hh:mm:ss.mmm`, as WebVTT cue timings need. */
function vttTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const [h, m, s, ms] = [Math.floor(millis / 3_600_000), Math.floor(millis / 60_000) % 60, Math.floor(millis / 1000) % 60, millis % 1000];
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}

/** Cue text: one line (a blank line would end the cue), `&`, `<`, `>` as character references. */
function vttText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT captions: one cue per transcript line, the speaker's name as its voice (`<v Name>`). */
export function webVtt(recording: SmartRecording): string {
  const names = new Map(recording.speakers.map((speaker) => [speaker.id, speaker.name]));
  const lines = recording.transcript.lines
    .filter((line) => line.text.trim().length > 0)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const cues = lines.map((line, i) => {
    // A cue must end after it starts; a line the engine gave no length still shows for a moment.
    const end = line.end > line.start ? line.end : line.start + 1;
    const voice = vttText(names.get(line.speaker) ?? line.speaker);
    return `${i + 1}\n${vttTime(line.start)} --> ${vttTime(end)}\n<v ${voice}>${vttText(line.text)}</v>`;
  });
  return ['WEBVTT', ...cues].join('\n\n') + '\n';
}
