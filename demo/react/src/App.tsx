import { useEffect, useState, type FormEvent } from 'react';
import type { WeJoinEvent, WeMeetingElement, WeParticipantJoinEvent, WeParticipantLeaveEvent } from 'we-meeting';
import { WeMeeting } from 'we-meeting/react';

const params = new URLSearchParams(location.search);
/** The meeting server: `?server=…`, else `VITE_WE_SERVER`, else a local `npm start`. */
const SERVER = params.get('server') ?? import.meta.env.VITE_WE_SERVER ?? 'http://127.0.0.1:8080';
/** `?wrapper` renders the `we-meeting/react` components that React 18 needs; React 19 does not. */
const USE_WRAPPER = params.has('wrapper');

interface JoinRequest {
  meeting: string;
  name: string;
}

export function App() {
  const [request, setRequest] = useState<JoinRequest | undefined>(() => {
    const meeting = params.get('meeting') ?? '';
    const name = params.get('name') ?? '';
    return /^\d{9}$/.test(meeting) && name !== '' ? { meeting, name } : undefined;
  });
  return (
    <>
      <header className="bar">
        <h1>WE Meeting in React</h1>
        {request && (
          // Unmounting the element leaves the meeting: nothing else to clean up.
          <button type="button" onClick={() => setRequest(undefined)}>
            Back to the lobby
          </button>
        )}
      </header>
      {request ? <Meeting key={`${request.meeting}/${request.name}`} {...request} /> : <Lobby onJoin={setRequest} />}
    </>
  );
}

function Lobby({ onJoin }: { onJoin: (request: JoinRequest) => void }) {
  const [name, setName] = useState('');
  const [meeting, setMeeting] = useState(() => String(100_000_000 + Math.floor(Math.random() * 900_000_000)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onJoin({ meeting: meeting.replace(/\s+/g, ''), name: name.trim() });
  };
  return (
    <form onSubmit={submit}>
      <label>
        Your name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
      </label>
      <label>
        Meeting ID
        <input value={meeting} onChange={(event) => setMeeting(event.target.value)} required pattern="\s*(\d\s*){9}" />
      </label>
      <button type="submit">Join</button>
    </form>
  );
}

/**
 * Asks for a token for this user and meeting. A real app asks its own backend, which signs one
 * for the signed-in user; the development server mints one for any name.
 */
async function fetchToken({ meeting, name }: JoinRequest, signal: AbortSignal): Promise<string> {
  const response = await fetch(`${SERVER}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name }),
    signal,
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || body.token === undefined) throw new Error(body.error ?? `token request failed (${response.status})`);
  return body.token;
}

type TokenState = { token: string } | { error: string } | undefined;

function useMeetingToken(request: JoinRequest): TokenState {
  const [state, setState] = useState<TokenState>(undefined);
  const { meeting, name } = request;
  useEffect(() => {
    // StrictMode runs this effect twice in development; the first request is aborted, so the
    // element gets one token and joins once.
    const abort = new AbortController();
    fetchToken({ meeting, name }, abort.signal).then(
      (token) => setState({ token }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [meeting, name]);
  return state;
}

/** Everyone in the meeting, from the element whose event this is (its client keeps the roster). */
function peopleOf(event: Event): string[] {
  const element = event.currentTarget as WeMeetingElement | null;
  return element?.client?.participants.map((participant) => participant.displayName) ?? [];
}

function Meeting(request: JoinRequest) {
  const tokenState = useMeetingToken(request);
  const [people, setPeople] = useState<readonly string[]>([]);
  const [log, setLog] = useState<readonly string[]>([]);
  const say = (line: string) => setLog((lines) => [...lines, line]);

  const onJoin = (event: WeJoinEvent) => {
    setPeople(peopleOf(event));
    say(`Joined meeting ${event.meeting} as ${event.self.displayName}`);
  };
  const onParticipantJoin = (event: WeParticipantJoinEvent) => {
    setPeople(peopleOf(event));
    say(`${event.participant.displayName} joined`);
  };
  const onParticipantLeave = (event: WeParticipantLeaveEvent) => {
    setPeople(peopleOf(event));
    say(`${event.participant.displayName} left`);
  };

  if (tokenState === undefined) return <p>Getting a token…</p>;
  if ('error' in tokenState) return <p role="alert">Could not get a token: {tokenState.error}</p>;

  const { meeting, name } = request;
  const { token } = tokenState;
  return (
    <main>
      {USE_WRAPPER ? (
        // React 18: the wrapper sets properties and maps events to typed on* props.
        <WeMeeting
          server={SERVER}
          meeting={meeting}
          displayName={name}
          token={token}
          autojoin
          onJoin={onJoin}
          onParticipantJoin={onParticipantJoin}
          onParticipantLeave={onParticipantLeave}
          onLeave={() => say('Left the meeting')}
        />
      ) : (
        // React 19: the element itself; `on` + the event's name listens to it.
        <we-meeting
          server={SERVER}
          meeting={meeting}
          displayName={name}
          token={token}
          autojoin
          onwe-join={onJoin}
          onwe-participant-join={onParticipantJoin}
          onwe-participant-leave={onParticipantLeave}
          onwe-leave={() => say('Left the meeting')}
        />
      )}
      <p role="status">
        {people.length} {people.length === 1 ? 'person' : 'people'} in this meeting
      </p>
      <ul aria-label="Events">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </main>
  );
}
