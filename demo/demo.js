// Demo page logic: asks the development server for a token, then hands it to <we-meeting>.
// A real host application mints tokens on its own backend instead.
const form = document.getElementById('join-form');
const meetingElement = document.getElementById('meeting');
const errorLine = document.getElementById('demo-error');

function showError(message) {
  errorLine.textContent = message;
  errorLine.hidden = false;
}

async function join(meeting, name) {
  errorLine.hidden = true;
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting, name }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `token request failed (${response.status})`);
  const url = new URL(location.href);
  url.searchParams.set('meeting', meeting);
  url.searchParams.set('name', name);
  history.replaceState(null, '', url);
  meetingElement.displayName = name;
  meetingElement.meeting = meeting;
  meetingElement.token = body.token;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  join(String(data.get('meeting')), String(data.get('name'))).catch((error) => showError(error.message));
});

document.getElementById('new-meeting').addEventListener('click', () => {
  form.elements.meeting.value = String(Math.floor(100_000_000 + Math.random() * 900_000_000));
});

const params = new URLSearchParams(location.search);
if (params.get('meeting')) form.elements.meeting.value = params.get('meeting');
if (params.get('name')) form.elements.name.value = params.get('name');
if (params.get('meeting') && params.get('name')) {
  join(params.get('meeting'), params.get('name')).catch((error) => showError(error.message));
}
