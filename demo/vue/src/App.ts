import { defineComponent, ref } from 'vue';
import type { WeJoinEvent, WeMeetingElement, WeParticipantJoinEvent, WeParticipantLeaveEvent } from 'we-meeting';

const params = new URLSearchParams(location.search);
/** The meeting server: `?server=…`, else `VITE_WE_SERVER`, else a local `npm start`. */
const SERVER = params.get('server') ?? import.meta.env.VITE_WE_SERVER ?? 'http://127.0.0.1:8080';

interface JoinRequest {
  meeting: string;
  name: string;
}

/**
 * Asks for a token for this user and meeting. A real app asks its own backend, which signs one
 * for the signed-in user; the development server mints one for any name.
 */
async function tokenFor(name: string, meeting: string): Promise<string> {
  const response = await fetch(`${SERVER}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || body.token === undefined) throw new Error(body.error ?? `token request failed (${response.status})`);
  return body.token;
}

/** Everyone in the meeting, from the element whose event this is (its client keeps the roster). */
function peopleOf(event: Event): string[] {
  const element = event.currentTarget as WeMeetingElement | null;
  return element?.client?.participants.map((participant) => participant.displayName) ?? [];
}

function initialRequest(): JoinRequest | undefined {
  const meeting = params.get('meeting') ?? '';
  const name = params.get('name') ?? '';
  return /^\d{9}$/.test(meeting) && name !== '' ? { meeting, name } : undefined;
}

export const App = defineComponent({
  name: 'App',
  setup() {
    const request = ref<JoinRequest | undefined>(initialRequest());
    const name = ref('');
    const meetingInput = ref(String(100_000_000 + Math.floor(Math.random() * 900_000_000)));
    const people = ref<string[]>([]);
    const log = ref<string[]>([]);
    const say = (line: string) => log.value.push(line);

    return {
      server: SERVER,
      request,
      name,
      meetingInput,
      people,
      log,
      say,
      tokenFor,
      join() {
        people.value = [];
        log.value = [];
        request.value = { meeting: meetingInput.value.replace(/\s+/g, ''), name: name.value.trim() };
      },
      onJoin(event: WeJoinEvent) {
        people.value = peopleOf(event);
        say(`Joined meeting ${event.meeting} as ${event.self.displayName}`);
      },
      onParticipantJoin(event: WeParticipantJoinEvent) {
        people.value = peopleOf(event);
        say(`${event.participant.displayName} joined`);
      },
      onParticipantLeave(event: WeParticipantLeaveEvent) {
        people.value = peopleOf(event);
        say(`${event.participant.displayName} left`);
      },
    };
  },
  // Strings bind as attributes or properties alike; a function must be a property
  // (`.tokenProvider`, short for `:tokenProvider.prop`). `@we-join` listens to the element's
  // we-join event. Removing the element (Back to the lobby) leaves the meeting.
  template: `
    <header class="bar">
      <h1>WE Meeting in Vue</h1>
      <button v-if="request" type="button" @click="request = undefined">Back to the lobby</button>
    </header>
    <main v-if="request">
      <we-meeting
        :server="server"
        :meeting="request.meeting"
        :display-name="request.name"
        .tokenProvider="tokenFor"
        :autojoin="true"
        @we-join="onJoin"
        @we-participant-join="onParticipantJoin"
        @we-participant-leave="onParticipantLeave"
        @we-leave="say('Left the meeting')"
      ></we-meeting>
      <p role="status">{{ people.length }} {{ people.length === 1 ? 'person' : 'people' }} in this meeting</p>
      <ul aria-label="Events">
        <li v-for="(line, index) in log" :key="index">{{ line }}</li>
      </ul>
    </main>
    <form v-else @submit.prevent="join">
      <label>Your name <input v-model="name" required maxlength="100" /></label>
      <label>Meeting ID <input v-model="meetingInput" required pattern="\\s*(\\d\\s*){9}" /></label>
      <button type="submit">Join</button>
    </form>
  `,
});
