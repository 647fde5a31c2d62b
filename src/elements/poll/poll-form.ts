import { html, nothing, type TemplateResult } from 'lit';
import type { PollInit } from '../../core/polls/poll-types.js';
import { MAX_POLL_OPTIONS } from '../../protocol/index.js';
import { describeError } from './poll-format.js';

/** Longest question and option the server accepts, in characters. */
const MAX_QUESTION_LENGTH = 500;
const MAX_OPTION_LENGTH = 200;

/** What the host typed into the New poll form so far. */
export interface PollDraft {
  readonly question: string;
  readonly options: readonly string[];
  readonly multiple: boolean;
  readonly anonymous: boolean;
  readonly shareResults: boolean;
}

/** A reason the form cannot be sent yet, and which field to fix. */
export interface DraftProblem {
  readonly message: string;
  /** `question`, or `option-<index>` of the option to fix. */
  readonly field: string;
}

export const FORM_HEADING_ID = 'create-heading';
export const QUESTION_ID = 'question';
const FORM_ERROR_ID = 'create-error';

/** An empty form: two options, one answer, named, results kept to hosts. */
export function emptyDraft(): PollDraft {
  return { question: '', options: ['', ''], multiple: false, anonymous: false, shareResults: false };
}

/** The id of the input of option `index`. */
export function optionId(index: number): string {
  return `option-${index}`;
}

/**
 * Turns the form into a poll, or says what to fix: a question, at least two different
 * options. Empty option fields are left out.
 */
export function checkDraft(draft: PollDraft): { init: PollInit } | { problem: DraftProblem } {
  const question = draft.question.trim();
  if (question === '') return { problem: { message: 'Enter a question.', field: QUESTION_ID } };
  const filled = draft.options.map((option, index) => ({ text: option.trim(), index })).filter((option) => option.text !== '');
  if (filled.length < 2) {
    const empty = draft.options.findIndex((option) => option.trim() === '');
    return { problem: { message: 'Give at least two options.', field: optionId(Math.max(empty, 0)) } };
  }
  const seen = new Set<string>();
  for (const option of filled) {
    const key = option.text.toLocaleLowerCase();
    if (seen.has(key)) return { problem: { message: 'Each option must be different.', field: optionId(option.index) } };
    seen.add(key);
  }
  return {
    init: {
      question,
      options: filled.map((option) => option.text),
      multiple: draft.multiple,
      anonymous: draft.anonymous,
      shareResults: draft.shareResults,
    },
  };
}

export interface PollFormProps {
  draft: PollDraft;
  problem: DraftProblem | undefined;
  busy: boolean;
  error: unknown;
  /** Applies a change to the draft as it is now (several inputs may come before a render). */
  onChange: (patch: Partial<Omit<PollDraft, 'options'>>) => void;
  onOptionInput: (index: number, value: string) => void;
  onAddOption: () => void;
  onRemoveOption: (index: number) => void;
  onSubmit: () => void;
  onCancel: () => void;
}

/** The host's New poll form. */
export function pollForm(props: PollFormProps): TemplateResult {
  const { draft, problem } = props;
  const change = props.onChange;
  const invalid = (field: string) => (problem?.field === field ? 'true' : 'false');
  const describedBy = (field: string, hint?: string) =>
    [hint, problem?.field === field ? FORM_ERROR_ID : undefined].filter((id) => id !== undefined).join(' ') || nothing;
  const message = problem?.message ?? (props.error === undefined ? undefined : describeError(props.error, 'create'));
  return html`<form
    part="form"
    class="create"
    aria-labelledby=${FORM_HEADING_ID}
    novalidate
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      props.onSubmit();
    }}
  >
    <h3 id=${FORM_HEADING_ID} part="heading">New poll</h3>
    <div class="field">
      <label for=${QUESTION_ID}>Question</label>
      <input
        id=${QUESTION_ID}
        type="text"
        autocomplete="off"
        maxlength=${MAX_QUESTION_LENGTH}
        .value=${draft.question}
        aria-invalid=${invalid(QUESTION_ID)}
        aria-describedby=${describedBy(QUESTION_ID)}
        @input=${(event: InputEvent) => change({ question: (event.target as HTMLInputElement).value })}
      />
    </div>
    <fieldset class="options" aria-describedby="options-hint">
      <legend>Options</legend>
      <p id="options-hint" class="hint">From 2 to ${MAX_POLL_OPTIONS}. Empty options are left out.</p>
      <ol>
        ${draft.options.map((option, index) => {
          const id = optionId(index);
          return html`<li class="option-row">
            <label for=${id}>Option ${index + 1}</label>
            <input
              id=${id}
              type="text"
              autocomplete="off"
              maxlength=${MAX_OPTION_LENGTH}
              .value=${option}
              aria-invalid=${invalid(id)}
              aria-describedby=${describedBy(id)}
              @input=${(event: InputEvent) => props.onOptionInput(index, (event.target as HTMLInputElement).value)}
            />
            ${draft.options.length > 2
              ? html`<button type="button" class="quiet" @click=${() => props.onRemoveOption(index)}>
                  Remove<span class="visually-hidden"> option ${index + 1}</span>
                </button>`
              : nothing}
          </li>`;
        })}
      </ol>
      ${draft.options.length < MAX_POLL_OPTIONS
        ? html`<button type="button" class="add" @click=${props.onAddOption}>Add option</button>`
        : html`<p class="hint">A poll has at most ${MAX_POLL_OPTIONS} options.</p>`}
    </fieldset>
    <fieldset class="choice">
      <legend>Answers</legend>
      ${radio('answers', 'One answer', !draft.multiple, () => change({ multiple: false }))}
      ${radio('answers', 'Several answers', draft.multiple, () => change({ multiple: true }))}
    </fieldset>
    <fieldset class="choice" aria-describedby="privacy-hint">
      <legend>Voters</legend>
      <p id="privacy-hint" class="hint">Voters see this before they vote. It cannot be changed once the poll is created.</p>
      ${radio('privacy', 'Named: hosts see who chose what', !draft.anonymous, () => change({ anonymous: false }))}
      ${radio('privacy', 'Anonymous: nobody, hosts included, sees who chose what', draft.anonymous, () => change({ anonymous: true }))}
    </fieldset>
    <label class="check">
      <input type="checkbox" .checked=${draft.shareResults} @change=${(event: Event) => change({ shareResults: (event.target as HTMLInputElement).checked })} />
      <span>Share results with participants</span>
    </label>
    ${message === undefined ? nothing : html`<p id=${FORM_ERROR_ID} part="error" class="error" role="alert">${message}</p>`}
    <div class="actions">
      <button type="submit" class="primary" ?disabled=${props.busy}>${props.busy ? 'Creating…' : 'Create poll'}</button>
      <button type="button" @click=${props.onCancel}>Cancel</button>
    </div>
  </form>`;
}

function radio(name: string, label: string, checked: boolean, onSelect: () => void): TemplateResult {
  return html`<label class="check">
    <input type="radio" name=${name} .checked=${checked} @change=${onSelect} />
    <span>${label}</span>
  </label>`;
}
