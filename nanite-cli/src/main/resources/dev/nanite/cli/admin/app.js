// The control tower: polls the mapper's registry and sends requests through its JSON API.
// Everything shown is set with textContent, never parsed as HTML.
'use strict';

const POLL_MILLIS = 1000;
const agentsBody = document.querySelector('#agents tbody');
const repliesTable = document.getElementById('replies');
const repliesBody = repliesTable.querySelector('tbody');
const connection = document.getElementById('connection');
const status = document.getElementById('request-status');
const form = document.getElementById('request-form');
const pathInput = document.getElementById('path');
const selector = document.getElementById('selector');
const target = document.getElementById('target');
let knownPaths = [];

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function age(millis) {
  return (millis / 1000).toFixed(1) + 's ago';
}

// The agent's counters as of its last ping: requests always, the others once they are not 0
// (a failure or a rejection stands out that way); every one in the cell's tooltip.
function counters(agent) {
  const entries = Object.entries(agent.counters || {});
  if (entries.length === 0) return ['–', 'this agent does not send its counters'];
  const shown = entries.filter(([name, value]) => name === 'requests' || value !== 0);
  return [shown.map(([name, value]) => name + ' ' + value).join(' · '),
    entries.map(([name, value]) => name + ': ' + value).join('\n')
      + '\nping interval: ' + agent.pingIntervalMillis + ' ms'];
}

function renderAgents(snapshot) {
  document.getElementById('mapper').textContent = snapshot.mapper;
  const agents = snapshot.agents;
  const rows = new Map([...agentsBody.rows].map(row => [row.dataset.agent, row]));
  for (const agent of agents) {
    let row = rows.get(agent.identity);
    rows.delete(agent.identity);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.agent = agent.identity;
      agentsBody.appendChild(row);
    }
    row.replaceChildren();
    cell(row, agent.identity, 'identity');
    cell(row, agent.node || '–', 'node').title = 'the broker node this agent is connected to';
    cell(row, agent.status.toFixed(2), 'status');
    cell(row, agent.tags.join(', ') || '–', 'tags');
    cell(row, agent.paths.join(', '), 'paths');
    cell(row, age(agent.lastPingAgeMillis), 'last-ping');
    cell(row, String(agent.inFlight), 'in-flight');
    const [shown, all] = counters(agent);
    cell(row, shown, 'counters').title = all;
  }
  for (const gone of rows.values()) gone.remove();
  [...agentsBody.rows]
    .sort((a, b) => a.dataset.agent.localeCompare(b.dataset.agent))
    .forEach(row => agentsBody.appendChild(row));
  document.getElementById('agent-count').textContent = '(' + agents.length + ')';
  document.getElementById('no-agents').hidden = agents.length > 0;
  updateChoices(agents);
}

function updateChoices(agents) {
  const paths = [...new Set(agents.flatMap(a => a.paths))].sort();
  if (paths.join() !== knownPaths.join()) {
    knownPaths = paths;
    const list = document.getElementById('paths');
    list.replaceChildren(...paths.map(p => Object.assign(document.createElement('option'), {value: p})));
  }
  const identities = agents.map(a => a.identity);
  const current = [...target.options].map(o => o.value);
  if (identities.join() !== current.join()) {
    const chosen = target.value;
    target.replaceChildren(...identities.map(id => Object.assign(document.createElement('option'), {value: id, textContent: id})));
    if (identities.includes(chosen)) target.value = chosen;
  }
}

async function poll() {
  try {
    const response = await fetch('api/agents', {cache: 'no-store'});
    if (!response.ok) throw new Error('HTTP ' + response.status);
    renderAgents(await response.json());
    connection.textContent = 'live';
    connection.className = 'live';
  } catch (e) {
    connection.textContent = 'disconnected (' + e.message + ')';
    connection.className = 'down';
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

async function describePath() {
  const signature = document.getElementById('signature');
  signature.textContent = '';
  if (!knownPaths.includes(pathInput.value)) return;
  const response = await fetch('api/paths', {cache: 'no-store'});
  if (!response.ok) return;
  const entry = (await response.json()).paths.find(p => p.path === pathInput.value);
  if (entry && entry.signature) {
    signature.textContent = pathInput.value + ' ' + entry.signature + ' · served by '
      + entry.agents + (entry.agents === 1 ? ' agent' : ' agents');
    document.getElementById('args').placeholder = entry.template;
  }
}

function renderReplies(answer) {
  repliesBody.replaceChildren();
  for (const reply of answer.replies) {
    const row = document.createElement('tr');
    row.dataset.agent = reply.agent;
    row.className = reply.outcome;
    cell(row, reply.agent, 'agent');
    cell(row, reply.outcome, 'outcome');
    const text = reply.outcome === 'ok' ? JSON.stringify(reply.value)
      : (reply.errorType ? reply.errorType + ': ' : '') + reply.error;
    cell(row, text, 'value');
    repliesBody.appendChild(row);
  }
  repliesTable.hidden = answer.replies.length === 0;
}

async function send(event) {
  event.preventDefault();
  const chosen = selector.value === 'target' ? 'target:' + target.value : selector.value;
  const body = {
    path: pathInput.value.trim(),
    args: document.getElementById('args').value,
    selector: chosen,
    timeout: document.getElementById('timeout').value,
    tags: document.getElementById('tags').value,
  };
  status.className = '';
  status.textContent = 'Sending ' + body.path + ' (' + chosen + ')…';
  repliesBody.replaceChildren();
  repliesTable.hidden = true;
  try {
    const response = await fetch('api/request', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      status.className = 'failed';
      status.textContent = answer.error;
      return;
    }
    const failed = answer.replies.filter(r => r.outcome !== 'ok').length;
    status.textContent = answer.path + ' (' + answer.selector + '): ' + answer.replies.length
      + ' repl' + (answer.replies.length === 1 ? 'y' : 'ies')
      + (failed ? ', ' + failed + ' failed' : '') + ' in ' + answer.elapsedMillis + ' ms';
    renderReplies(answer);
  } catch (e) {
    status.className = 'failed';
    status.textContent = 'The request failed: ' + e.message;
  }
}

selector.addEventListener('change', () => {
  document.getElementById('target-label').hidden = selector.value !== 'target';
});
pathInput.addEventListener('change', describePath);
form.addEventListener('submit', send);
poll();
