/** Tells the client whether a remote video is on screen and how tall it is (CSS pixels). */
export type VisibilityReport = (
  participantId: string,
  source: 'camera' | 'screen',
  visible: boolean,
  height: number | undefined,
) => void;

interface Watched {
  participantId: string;
  source: 'camera' | 'screen';
  visible: boolean;
  height: number;
}

/**
 * Watches remote `<video>` elements (marked with `data-participant-id` and `data-source`) with
 * an IntersectionObserver and a ResizeObserver, so hidden tiles stop receiving and small ones
 * get a lower layer. Where the observers are missing, every watched video counts as visible.
 */
export class VideoVisibility {
  readonly #report: VisibilityReport;
  readonly #watched = new Map<Element, Watched>();
  #intersection: IntersectionObserver | undefined;
  #resize: ResizeObserver | undefined;
  #observersCreated = false;

  constructor(report: VisibilityReport) {
    this.#report = report;
  }

  /** Watches exactly `videos`; those no longer among them are reported hidden and forgotten. */
  sync(videos: Iterable<HTMLElement>): void {
    this.#createObservers();
    const next = new Map<Element, Omit<Watched, 'visible' | 'height'>>();
    for (const video of videos) {
      const participantId = video.dataset['participantId'];
      const source = video.dataset['source'];
      if (participantId === undefined || (source !== 'camera' && source !== 'screen')) continue;
      next.set(video, { participantId, source });
    }
    for (const [video, watched] of this.#watched) {
      const key = next.get(video);
      if (key?.participantId === watched.participantId && key.source === watched.source) continue;
      this.#unwatch(video);
      if (watched.visible) this.#report(watched.participantId, watched.source, false, undefined);
    }
    for (const [video, key] of next) {
      if (this.#watched.has(video)) continue;
      const watched: Watched = { ...key, visible: false, height: 0 };
      this.#watched.set(video, watched);
      this.#resize?.observe(video);
      if (this.#intersection !== undefined) {
        this.#intersection.observe(video);
      } else {
        watched.visible = true;
        watched.height = Math.round(video.clientHeight);
        this.#report(watched.participantId, watched.source, true, watched.height || undefined);
      }
    }
  }

  /** Stops watching everything (without reporting: the client is going away or changing). */
  disconnect(): void {
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
    this.#watched.clear();
  }

  #createObservers(): void {
    if (this.#observersCreated) return;
    this.#observersCreated = true;
    if (typeof IntersectionObserver !== 'undefined') {
      this.#intersection = new IntersectionObserver((entries) => {
        for (const entry of entries) {
          const watched = this.#watched.get(entry.target);
          if (watched === undefined || watched.visible === entry.isIntersecting) continue;
          watched.visible = entry.isIntersecting;
          if (watched.visible && watched.height === 0) watched.height = Math.round(entry.boundingClientRect.height);
          this.#report(watched.participantId, watched.source, watched.visible, watched.visible ? watched.height || undefined : undefined);
        }
      });
    }
    if (typeof ResizeObserver !== 'undefined') {
      this.#resize = new ResizeObserver((entries) => {
        for (const entry of entries) {
          const watched = this.#watched.get(entry.target);
          const height = Math.round(entry.contentRect.height);
          if (watched === undefined || height === watched.height) continue;
          watched.height = height;
          if (watched.visible) this.#report(watched.participantId, watched.source, true, height || undefined);
        }
      });
    }
  }

  #unwatch(video: Element): void {
    this.#intersection?.unobserve(video);
    this.#resize?.unobserve(video);
    this.#watched.delete(video);
  }
}
