import type { ReactiveControllerHost } from 'lit';
import type { Poll, PollsApi } from '../../core/polls/poll-types.js';
import { checkDraft, emptyDraft, optionId, QUESTION_ID, type DraftProblem, type PollDraft, type PollFormProps } from './poll-form.js';

/** What the New poll form needs of the element around it. */
export interface PollFormHost {
  /** The polls to create in, if the element has a meeting. */
  api: () => PollsApi | undefined;
  /** Moves focus to the first match once the element has rendered. */
  focus: (selector: string) => void;
  /** A poll was created and the form closed (the element focuses and announces it). */
  onCreated: (poll: Poll) => void;
  /** The form was cancelled and closed. */
  onCancelled: () => void;
}

/**
 * The state of a host's New poll form: open or not, what was typed, what to fix, and the
 * create call on its way. Focus follows the form: the question when it opens, a new option
 * when one is added, the field to fix when Create poll finds a problem.
 */
export class PollFormController {
  readonly #host: ReactiveControllerHost;
  readonly #outer: PollFormHost;
  #open = false;
  #draft: PollDraft = emptyDraft();
  #problem: DraftProblem | undefined;
  #creating = false;
  #error: unknown;
  /** Bumped by reset(): the answer to a create sent before is dropped. */
  #generation = 0;

  constructor(host: ReactiveControllerHost, outer: PollFormHost) {
    this.#host = host;
    this.#outer = outer;
  }

  /** Closes the form and forgets the draft, e.g. when the element moves to another client. */
  reset(): void {
    this.#generation++;
    this.#open = false;
    this.#draft = emptyDraft();
    this.#problem = undefined;
    this.#creating = false;
    this.#error = undefined;
    this.#host.requestUpdate();
  }

  /** What the form template shows and calls; undefined while the form is closed. */
  props(): PollFormProps | undefined {
    if (!this.#open) return undefined;
    return {
      draft: this.#draft,
      problem: this.#problem,
      busy: this.#creating,
      error: this.#error,
      onChange: (patch) => this.#change({ ...this.#draft, ...patch }),
      onOptionInput: (index, value) =>
        this.#change({ ...this.#draft, options: this.#draft.options.map((option, i) => (i === index ? value : option)) }),
      onAddOption: () => this.#addOption(),
      onRemoveOption: (index) => this.#removeOption(index),
      onSubmit: () => void this.#submit(),
      onCancel: () => this.#cancel(),
    };
  }

  /** Opens the form with focus on the question. */
  show(): void {
    this.#open = true;
    this.#host.requestUpdate();
    this.#outer.focus(`#${QUESTION_ID}`);
  }

  #change(draft: PollDraft): void {
    this.#draft = draft;
    this.#host.requestUpdate();
  }

  #cancel(): void {
    this.reset();
    this.#outer.onCancelled();
  }

  #addOption(): void {
    this.#change({ ...this.#draft, options: [...this.#draft.options, ''] });
    this.#outer.focus(`#${optionId(this.#draft.options.length - 1)}`);
  }

  #removeOption(index: number): void {
    const options = this.#draft.options.filter((_, i) => i !== index);
    this.#problem = undefined;
    this.#change({ ...this.#draft, options });
    this.#outer.focus(`#${optionId(Math.min(index, options.length - 1))}`);
  }

  async #submit(): Promise<void> {
    const api = this.#outer.api();
    if (api === undefined || this.#creating) return;
    const checked = checkDraft(this.#draft);
    this.#error = undefined;
    if ('problem' in checked) {
      this.#problem = checked.problem;
      this.#host.requestUpdate();
      this.#outer.focus(`#${checked.problem.field}`);
      return;
    }
    const generation = this.#generation;
    this.#problem = undefined;
    this.#creating = true;
    this.#host.requestUpdate();
    let poll: Poll;
    try {
      poll = await api.create(checked.init);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#creating = false;
      this.#error = error;
      this.#host.requestUpdate();
      return;
    }
    if (generation !== this.#generation) return;
    this.reset();
    this.#outer.onCreated(poll);
  }
}
