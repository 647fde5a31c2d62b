// Demo page logic. The development server mints tokens for any name; a real host application
// mints them on its own backend and hands them to <we-meeting> the same way.
const meetingElement = document.getElementById('meeting');
const historyElement = document.getElementById('history');

// One stable demo user per tab (it survives a reload), so that "My meetings" finds the meetings
// it created, and a second tab is a second person: one user has one session per meeting, and a
// second join of the same user would replace the first.
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

meetingElement.tokenProvider = (name, meeting) => devToken(meeting, name);

// The records API accepts any meeting's token of this user.
document.getElementById('history-panel').addEventListener('toggle', async (event) => {
  if (event.target.open) historyElement.token = await devToken('000000000', 'Demo user');
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
