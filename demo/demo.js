// Demo page logic. A person can sign in with a one-time code (the server's own sign-in), create
// meetings and see "My meetings"; anyone can join a meeting with just a name. In development
// mode the server also mints tokens for any meeting and name, so `?meeting=<id>&name=<name>`
// joins even a meeting nobody created. A host application mints tokens on its own backend and
// hands them to <we-meeting> the same way.
const meetingElement = document.getElementById('meeting');
const historyElement = document.getElementById('history');
const signInElement = document.getElementById('sign-in');
const createForm = document.getElementById('create-meeting');

// The signed-in session, kept for this tab only (it survives a reload).
function storedSession() {
  try {
    return JSON.parse(sessionStorage.getItem('we-demo:session') ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}
let session = storedSession();

function showSession() {
  createForm.hidden = session === undefined;
  if (session !== undefined) historyElement.token = session.token;
}

signInElement.addEventListener('we-sign-in', (event) => {
  session = event.session;
  sessionStorage.setItem('we-demo:session', JSON.stringify(session));
  showSession();
});
signInElement.addEventListener('we-sign-out', () => {
  session = undefined;
  sessionStorage.removeItem('we-demo:session');
  historyElement.token = '';
  showSession();
});
if (session !== undefined) signInElement.session = session;
showSession();

async function postJson(path, body) {
  const headers = { 'content-type': 'application/json' };
  if (session !== undefined) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { response, body: await response.json().catch(() => ({})) };
}

// One stable development user per tab (it survives a reload): a second tab is a second person.
function demoUserId() {
  try {
    let id = sessionStorage.getItem('we-demo:user');
    if (!id) sessionStorage.setItem('we-demo:user', (id = `dev-${crypto.randomUUID()}`));
    return id;
  } catch {
    return undefined;
  }
}

// `?role=participant` joins without host rights (development tokens default to host).
const demoRole = new URLSearchParams(location.search).get('role') === 'participant' ? 'participant' : 'host';

async function devToken(meeting, name) {
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name, userId: demoUserId(), role: demoRole }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `token request failed (${response.status})`);
  return body.token;
}

// A meeting's token: the signed-in person under their name, anyone else as a guest. In
// development mode the server opens a meeting nobody created on its first join (its first
// joiner is the host), and this tab's user stays the same person across joins.
meetingElement.tokenProvider = async (name, meeting) => {
  // `?role=participant` joins without host rights, through a development token.
  if (session === undefined && demoRole === 'participant') return devToken(meeting, name);
  const request = session === undefined ? { name, devUserId: demoUserId() } : session.user.displayName ? {} : { name };
  const { response, body } = await postJson(`/api/meetings/${meeting}/token`, request);
  if (!response.ok) throw new Error(body.error ?? `token request failed (${response.status})`);
  return body.token;
};

createForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const topic = new FormData(createForm).get('topic');
  const { response, body } = await postJson('/api/meetings', { topic });
  if (!response.ok) return;
  const name = session?.user.displayName ?? '';
  location.search = `?meeting=${body.id}${name ? `&name=${encodeURIComponent(name)}` : ''}`;
});

// The records API accepts the session, or (development mode) any meeting's token of this user.
document.getElementById('history-panel').addEventListener('toggle', async (event) => {
  if (event.target.open && session === undefined) historyElement.token = await devToken('000000000', 'Demo user');
});

// Keep the address shareable: it names the meeting (and the name, for reloads).
meetingElement.addEventListener('we-join', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('meeting', event.meeting);
  url.searchParams.set('name', event.self.displayName);
  history.replaceState(null, '', url);
});

document.getElementById('new-meeting').addEventListener('click', () => {
  const meeting = String(Math.floor(100_000_000 + Math.random() * 900_000_000));
  location.search = `?meeting=${meeting}`;
});

const params = new URLSearchParams(location.search);
const meeting = params.get('meeting') ?? '';
const name = params.get('name') ?? '';
if (/^\d{9}$/.test(meeting)) meetingElement.meeting = meeting;
if (name) meetingElement.displayName = name;
// With both given the page joins at once; otherwise the pre-join screen asks.
meetingElement.autojoin = Boolean(meetingElement.meeting && name);
