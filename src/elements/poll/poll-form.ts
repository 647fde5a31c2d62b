import { html, nothing, type TemplateResult } from 'lit';
import type { PollInit } from '../../core/polls/poll-types.js';
import { MAX_POLL_OPTION_LENGTH, MAX_POLL_OPTIONS, MAX_POLL_QUESTION_LENGTH, MIN_POLL_OPTIONS } from '../../core/constants.js';
import { msg, str } from '../internal/localize.js';
import { describeError, optionName } from './poll-format.js';

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
  /** The reason in words, asked at render time so that it follows the element's language. */
  readonly message: () => string;
  /** `question`, or `option-<index>` of the option to fix. */
  readonly field: string;
}

export const FORM_HEADING_ID = 'create-heading';
export const QUESTION_ID = 'question';
const FORM_ERROR_ID = 'create-error';

/** An empty form: two options, one answer, named, results kept to hosts. */
export function emptyDraft(): PollDraft {
  return { question: '', options: Array.from({ length: MIN_POLL_OPTIONS }, () => ''), multiple: false, anonymous: false, shareResults: false };
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
  if (question === '') return { problem: { message: () => msg('Enter a question.', { id: 'poll.form.no-question' }), field: QUESTION_ID } };
  const filled = draft.options.map((option, index) => ({ text: option.trim(), index })).filter((option) => option.text !== '');
  if (filled.length < MIN_POLL_OPTIONS) {
    const empty = draft.options.findIndex((option) => option.trim() === '');
    const message = () => msg('Give at least two options.', { id: 'poll.form.too-few' });
    return { problem: { message, field: optionId(Math.max(empty, 0)) } };
  }
  const seen = new Set<string>();
  for (const option of filled) {
    const key = option.text.toLocaleLowerCase();
    if (seen.has(key)) {
      const message = () => msg('Each option must be different.', { id: 'poll.form.duplicate' });
      return { problem: { message, field: optionId(option.index) } };
    }
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
  /** The question's or an option's input. */
  const textInput = (id: string, value: string, maxLength: number, onInput: (value: string) => void) => {
    const invalid = problem?.field === id;
    return html`<input
      id=${id}
      type="text"
      autocomplete="off"
      maxlength=${maxLength}
      .value=${value}
      aria-invalid=${String(invalid)}
      aria-describedby=${invalid ? FORM_ERROR_ID : nothing}
      @input=${(event: InputEvent) => onInput((event.target as HTMLInputElement).value)}
    />`;
  };
  const message = problem?.message() ?? (props.error === undefined ? undefined : describeError(props.error, 'create'));
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
    <h3 id=${FORM_HEADING_ID} part="heading">${msg('New poll', { id: 'poll.new' })}</h3>
    <div class="field">
      <label for=${QUESTION_ID}>${msg('Question', { id: 'poll.form.question' })}</label>
      ${textInput(QUESTION_ID, draft.question, MAX_POLL_QUESTION_LENGTH, (question) => change({ question }))}
    </div>
    <fieldset aria-describedby="options-hint">
      <legend>${msg('Options', { id: 'poll.form.options' })}</legend>
      <p id="options-hint" class="hint">
        ${msg(str`From ${MIN_POLL_OPTIONS} to ${MAX_POLL_OPTIONS}. Empty options are left out.`, { id: 'poll.form.options-hint' })}
      </p>
      <ol>
        ${draft.options.map((option, index) => {
          const id = optionId(index);
          const which = msg(str`option ${index + 1}`, { id: 'poll.form.remove-which', desc: 'Read after "Remove".' });
          return html`<li class="option-row">
            <label for=${id}>${optionName(index)}</label>
            ${textInput(id, option, MAX_POLL_OPTION_LENGTH, (value) => props.onOptionInput(index, value))}
            ${draft.options.length > MIN_POLL_OPTIONS
              ? html`<button type="button" @click=${() => props.onRemoveOption(index)}>
                  ${msg('Remove', { id: 'poll.form.remove' })}<span class="visually-hidden"> ${which}</span>
                </button>`
              : nothing}
          </li>`;
        })}
      </ol>
      ${draft.options.length < MAX_POLL_OPTIONS
        ? html`<button type="button" class="add" @click=${props.onAddOption}>${msg('Add option', { id: 'poll.form.add' })}</button>`
        : html`<p class="hint">${msg(str`A poll has at most ${MAX_POLL_OPTIONS} options.`, { id: 'poll.form.max' })}</p>`}
    </fieldset>
    <fieldset>
      <legend>${msg('Answers', { id: 'poll.form.answers' })}</legend>
      ${radio('answers', msg('One answer', { id: 'poll.one-answer' }), !draft.multiple, () => change({ multiple: false }))}
      ${radio('answers', msg('Several answers', { id: 'poll.several-answers' }), draft.multiple, () => change({ multiple: true }))}
    </fieldset>
    <fieldset aria-describedby="privacy-hint">
      <legend>${msg('Voters', { id: 'poll.form.voters' })}</legend>
      <p id="privacy-hint" class="hint">
        ${msg('Voters see this before they vote. It cannot be changed once the poll is created.', { id: 'poll.form.voters-hint' })}
      </p>
      ${radio('privacy', msg('Named: hosts see who chose what', { id: 'poll.form.named' }), !draft.anonymous, () =>
        change({ anonymous: false }),
      )}
      ${radio('privacy', msg('Anonymous: nobody, hosts included, sees who chose what', { id: 'poll.form.anonymous' }), draft.anonymous, () =>
        change({ anonymous: true }),
      )}
    </fieldset>
    <label class="check">
      <input type="checkbox" .checked=${draft.shareResults} @change=${(event: Event) => change({ shareResults: (event.target as HTMLInputElement).checked })} />
      <span>${msg('Share results with participants', { id: 'poll.form.share' })}</span>
    </label>
    ${message === undefined ? nothing : html`<p id=${FORM_ERROR_ID} part="error" class="error" role="alert">${message}</p>`}
    <div class="actions">
      <button type="submit" class="primary" ?disabled=${props.busy}>
        ${props.busy ? msg('Creating…', { id: 'poll.form.creating' }) : msg('Create poll', { id: 'poll.form.create' })}
      </button>
      <button type="button" @click=${props.onCancel}>${msg('Cancel', { id: 'poll.form.cancel' })}</button>
    </div>
  </form>`;
}

function radio(name: string, label: string, checked: boolean, onSelect: () => void): TemplateResult {
  return html`<label class="check">
    <input type="radio" name=${name} .checked=${checked} @change=${onSelect} />
    <span>${label}</span>
  </label>`;
}
