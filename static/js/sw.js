/* Twe Let Learning's service worker: saved courses, and answers kept while offline (docs/architecture.md). */
'use strict';
const PREFIX = 'twelet-course:';  // + course:lang:version; "_" is the "You are offline" page alone
const QUIZ = /^\/learn\/([\w-]+)\/([\w-]+)\/quiz$/;
const LESSON = /^\/learn\/([\w-]+)\/([\w-]+)\/([\w-]+)$/;
const DROP_READS = ['forged', 'not-a-member', 'other-member'];
const HOUR = 3600e3;
const omit = {credentials: 'omit'};
const now = () => new Date().toISOString();

let opened;
const database = () => opened || (opened = new Promise((resolve, reject) => {
  const request = indexedDB.open('twelet', 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('answers', {keyPath: 'submission_id'});
    db.createObjectStore('reads', {keyPath: 'key'});
    db.createObjectStore('meta');
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => { opened = null; reject(request.error); };
}));
const run = (store, work, mode = 'readwrite') => database().then(db => new Promise((resolve, reject) => {
  const t = db.transaction(store, mode);
  const request = work(t.objectStore(store));
  t.oncomplete = () => resolve(request.result);
  t.onerror = t.onabort = () => reject(t.error);
}));
const put = (store, value) => run(store, s => s.put(value));
const remove = (store, key) => run(store, s => s.delete(key));
const all = store => run(store, s => s.getAll(), 'readonly');
const getMeta = key => run('meta', s => s.get(key), 'readonly');
const setMeta = (key, value) => run('meta', s => (value == null ? s.delete(key) : s.put(value, key)));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && QUIZ.test(url.pathname)) event.respondWith(sendQuiz(event, url));
  else if (request.method !== 'GET') return;
  else if (request.mode === 'navigate') event.respondWith(page(event, url));
  else if (/^\/(static|learn\/media)\//.test(url.pathname)) {
    event.respondWith(caches.match(request).then(found => found || fetch(request)));
  }
});

async function page(event, url) {
  try {
    const response = await fetch(event.request);
    if (response.status < 500 || !await saved(url.pathname, '')) return response;
  } catch (offline) { }
  const lang = url.searchParams.get('lang') || await getMeta('lang') || 'my';
  const copy = await saved(url.pathname, lang);
  const lesson = LESSON.exec(url.pathname);
  if (copy && lesson && !QUIZ.test(url.pathname)) event.waitUntil(keepRead(lesson));
  return copy || await saved('/offline/', lang) || Response.error();
}

async function saved(path, lang) {
  const names = (await caches.keys()).filter(name => name.startsWith(PREFIX));
  names.sort((a, b) => (b.split(':')[2] === lang) - (a.split(':')[2] === lang));
  for (const name of names) {
    const found = await caches.match(path, {cacheName: name});  // caches.open would make again one just removed
    if (found) return found;
  }
  return null;
}

async function keepRead([path, course, module, lesson]) {
  const who = await getMeta('who');
  if (who) await put('reads', {key: who.member_id + path, member_id: who.member_id, household_id: who.household_id,
    token: who.token, course, module, lesson, read_at: now()});
}

async function sendQuiz(event, url) {
  const form = await event.request.clone().formData();
  if (!form.get('copy')) {
    try {
      return await fetch(event.request);
    } catch (offline) { }
  }
  const lang = await getMeta('lang') || 'my';
  const who = await getMeta('who') || {};
  const [, course, module] = QUIZ.exec(url.pathname);
  const fields = [...form.entries()].filter(([name]) => name.startsWith('q-')).map(([name, value]) => [name, String(value)]);
  const answer = {
    submission_id: form.get('submission_id'), token: form.get('answer_token') || who.token,
    member_id: Number(form.get('member_id') || who.member_id), household_id: Number(form.get('household_id') || who.household_id),
    lang, course, module, version: form.get('version'), order_seed: form.get('order_seed') || undefined, fields,
    answered_at: now(),
  };
  if (answer.submission_id && answer.token) {
    await put('answers', answer);
    if (self.registration.sync) self.registration.sync.register('send').catch(() => {});
    event.waitUntil(flush());
  }
  return Response.redirect(new URL(`/offline/saved?lang=${lang}`, self.location).href, 303);
}

self.addEventListener('sync', event => {
  if (event.tag === 'send') event.waitUntil(flush().then(sent => { if (!sent) throw new Error('offline'); }));
});

let flushing = null;
const flush = () => flushing || (flushing = send().finally(() => { flushing = null; }));

const post = (path, body, lang = 'my') => fetch(`${path}?lang=${lang}`, {method: 'POST', credentials: 'omit',
  headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: JSON.stringify(body)});

async function send() {
  const who = await getMeta('who');
  const renewal = item => (who && who.household_id === item.household_id && who.token !== item.token ? who.token : undefined);
  for (const answer of await all('answers')) {
    const fresh = renewal(answer);
    if (answer.refused && (!fresh || fresh === answer.tried)) continue;
    let response;
    try {
      response = await post('/offline/answers', {...answer, renewal: fresh}, answer.lang);
    } catch (offline) {
      return false;
    }
    if (response.ok) await remove('answers', answer.submission_id);
    else if (response.status >= 500 || response.status === 429) return false;
    else {
      const reply = await response.json().catch(() => ({}));
      await put('answers', {...answer, refused: reply.reason || String(response.status), message: reply.message || '', tried: fresh});
    }
  }
  const groups = {};
  for (const read of await all('reads')) (groups[read.token] = groups[read.token] || []).push(read);
  for (const reads of Object.values(groups)) {
    const [first] = reads;
    let response;
    try {
      response = await post('/offline/reads', {token: first.token, renewal: renewal(first), member_id: first.member_id,
        reads: reads.map(({course, module, lesson, read_at}) => ({course, module, lesson, read_at}))});
    } catch (offline) {
      return false;
    }
    const reply = response.ok ? {} : await response.json().catch(() => ({}));
    if (response.ok || DROP_READS.includes(reply.reason)) for (const read of reads) await remove('reads', read.key);
  }
  return true;
}

async function save(course, lang) {
  const listed = await fetch(`/offline/courses/${course}.json?lang=${lang}`, omit);
  if (!listed.ok) throw new Error(listed.status);
  const list = await listed.json();
  const name = `${PREFIX}${course}:${lang}:${list.version}`;
  const cache = await caches.open(name);
  let bytes = 0;
  for (const file of list.files) {
    const response = (file.key.includes('?v=') && await caches.match(file.key)) || await fetch(file.url, omit);
    if (!response.ok) {
      await caches.delete(name);
      throw new Error(`${file.url} ${response.status}`);
    }
    const body = await response.arrayBuffer();
    bytes += body.byteLength;
    await cache.put(file.key, new Response(body, {headers: response.headers}));
  }
  const {version, title, lessons, quizzes} = list;
  await cache.put('/offline/summary', new Response(JSON.stringify({course, lang, version, title, lessons, quizzes, bytes})));
  await drop(`${PREFIX}${course}:${lang}:`, name);
}

async function drop(prefix, keep) {
  for (const name of await caches.keys()) if (name !== keep && name.startsWith(prefix)) await caches.delete(name);
}

async function summaries() {
  const found = [];
  for (const name of await caches.keys()) {
    const response = name.startsWith(PREFIX) && await caches.match('/offline/summary', {cacheName: name});
    if (response) found.push(await response.json());
  }
  return found;
}

async function shell(lang) {
  const cache = await caches.open(`${PREFIX}_:${lang}:`);
  if (await cache.match('/offline/')) return;
  const response = await fetch(`/offline/?lang=${lang}&copy=1`, omit);
  if (response.ok) await cache.put('/offline/', response);
}

async function refresh() {
  const checked = await getMeta('checked');
  if (checked && Date.now() - checked < HOUR) return;
  await setMeta('checked', Date.now());
  await drop(`${PREFIX}_:`);
  for (const item of await summaries()) {
    const listed = await fetch(`/offline/courses/${item.course}.json?lang=${item.lang}`, omit);
    if (listed.ok && (await listed.json()).version !== item.version) await save(item.course, item.lang);
  }
}

async function state() {
  const waiting = (await all('answers')).map(({member_id, course, module, refused, message}) => ({member_id, course, module, refused, message}));
  return {who: await getMeta('who') || null, saved: await summaries(), waiting};
}

self.addEventListener('message', event => {
  const reply = value => event.ports[0] && event.ports[0].postMessage(value);
  event.waitUntil(answer(event.data || {}, event).then(reply, error => reply({error: String(error)})));
});

async function answer(message, event) {
  const {type, course, lang} = message;
  if (type === 'hello') {
    if (lang) await setMeta('lang', lang);
    if ('who' in message) await setMeta('who', message.who);
    if (message.online) {
      await flush();
      event.waitUntil(refresh().then(() => shell(lang)).catch(() => {}));
    }
  } else if (type === 'save') {
    await save(course, lang);
  } else if (type === 'remove') {
    await drop(`${PREFIX}${course}:${lang}:`);
  }
  return state();
}
