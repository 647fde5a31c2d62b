// Demo page logic. The development server mints tokens for any name; a real host application
// mints them on its own backend and hands them to <we-meeting> the same way.
const meetingElement = document.getElementById('meeting');

meetingElement.tokenProvider = async (name, meeting) => {
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `token request failed (${response.status})`);
  return body.token;
};

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
