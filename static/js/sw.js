/* Twe Let Learning's service worker: saved courses, and answers kept while offline (docs/architecture.md). */
'use strict';
const PREFIX = 'twelet-course:';
const QUIZ = /^\/learn\/([\w-]+)\/([\w-]+)\/quiz$/;
const LESSON = /^\/learn\/([\w-]+)\/([\w-]+)\/([\w-]+)$/;
const KEEP_REFUSED = ['forged', 'not-a-member', 'other-member'];  // reads refused for these are dropped
const CHECK_EVERY = 3600 * 1000;  // look for changed lessons at most once an hour

// IndexedDB: answers by submission id, reads by member and lesson, meta (who, lang)
let opened;
function database() {
  return opened || (opened = new Promise((resolve, reject) => {
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
}
async function run(store, mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const t = db.transaction(store, mode);
    const request = work(t.objectStore(store));
    t.oncomplete = () => resolve(request && request.result);
    t.onerror = t.onabort = () => reject(t.error);
  });
}
const put = (store, value) => run(store, 'readwrite', s => s.put(value));
const remove = (store, key) => run(store, 'readwrite', s => s.delete(key));
const all = store => run(store, 'readonly', s => s.getAll());
const getMeta = key => run('meta', 'readonly', s => s.get(key));
const setMeta = (key, value) => run('meta', 'readwrite', s => (value == null ? s.delete(key) : s.put(value, key)));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && QUIZ.test(url.pathname)) return event.respondWith(sendQuiz(event, url));
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') return event.respondWith(page(event, url));
  if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/learn/media/')) {
    event.respondWith(caches.match(request).then(found => found || fetch(request)));
  }
});

async function page(event, url) {
  try {
    const response = await fetch(event.request);
    if (response.status < 500) return response;  // a server in trouble: a saved copy is better, if there is one
    if (!await saved(url.pathname, '')) return response;
    throw new Error(response.status);
  } catch (offline) {
    const lang = url.searchParams.get('lang') || await getMeta('lang') || 'my';
    const copy = await saved(url.pathname, lang);
    const lesson = LESSON.exec(url.pathname);
    if (copy && lesson && !QUIZ.test(url.pathname)) event.waitUntil(keepRead(lesson));
    return copy || await saved('/offline/', lang) || Response.error();
  }
}

// A saved page: from a course saved in the page language first, then from any other.
async function saved(path, lang) {
  const names = (await caches.keys()).filter(name => name.startsWith(PREFIX));
  names.sort((a, b) => (b.split(':')[2] === lang) - (a.split(':')[2] === lang));
  for (const name of names) {
    const found = await (await caches.open(name)).match(path);
    if (found) return found;
  }
  return null;
}

async function keepRead([path, course, module, lesson]) {
  const who = await getMeta('who');
  if (who) await put('reads', {key: who.member_id + path, member_id: who.member_id, household_id: who.household_id,
    token: who.token, course, module, lesson, read_at: new Date().toISOString()});
}

// A quiz sent from a live page goes to the server; when the network fails, or from a saved copy, it is kept.
async function sendQuiz(event, url) {
  const form = await event.request.clone().formData();
  if (!form.get('copy')) {
    try {
      return await fetch(event.request);
    } catch (offline) { /* kept below */ }
  }
  const lang = await getMeta('lang') || 'my';
  const who = await getMeta('who');
  const match = QUIZ.exec(url.pathname);
  const fields = [];
  for (const [name, value] of form.entries()) if (name.startsWith('q-')) fields.push([name, String(value)]);
  const token = form.get('answer_token') || (who ? who.token : '');
  const answer = {
    submission_id: form.get('submission_id'), member_id: Number(form.get('member_id') || (who && who.member_id)),
    household_id: Number(form.get('household_id') || (who && who.household_id)), token, lang,
    course: match[1], module: match[2], version: form.get('version'), fields, answered_at: new Date().toISOString(),
  };
  if (answer.submission_id && token) {
    await put('answers', answer);  // keyed by the submission id: a double tap keeps one
    if (self.registration.sync) self.registration.sync.register('send-answers').catch(() => {});
    event.waitUntil(flush());
  }
  return Response.redirect(new URL(`/offline/saved?lang=${lang}`, self.location).href, 303);
}

self.addEventListener('sync', event => {
  if (event.tag === 'send-answers') {
    event.waitUntil(flush().then(sent => { if (!sent) throw new Error('still offline'); }));
  }
});

let flushing = null;
function flush() {
  return flushing || (flushing = send().finally(() => { flushing = null; }));
}

function post(path, body, lang) {
  return fetch(`${path}?lang=${lang || 'my'}`, {method: 'POST', credentials: 'omit',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: JSON.stringify(body)});
}

// Send what was kept; true when the server could be reached for all of it.
async function send() {
  const who = await getMeta('who');
  const renewalFor = item => (who && who.household_id === item.household_id && who.token !== item.token ? who.token : undefined);
  for (const answer of await all('answers')) {
    const renewal = renewalFor(answer);
    if (answer.refused && (!renewal || renewal === answer.tried)) continue;  // waits for its household to sign in
    let response;
    try {
      response = await post('/offline/answers', Object.assign({}, answer, {renewal}), answer.lang);
    } catch (offline) {
      return false;
    }
    if (response.ok) {
      await remove('answers', answer.submission_id);
    } else if (response.status < 500 && response.status !== 429) {
      const reply = await response.json().catch(() => ({}));
      await put('answers', Object.assign(answer, {refused: reply.reason || String(response.status), message: reply.message || '', tried: renewal}));
    } else {
      return false;
    }
  }
  const groups = new Map();
  for (const read of await all('reads')) {
    if (!groups.has(read.token)) groups.set(read.token, []);
    groups.get(read.token).push(read);
  }
  for (const [token, reads] of groups) {
    let response;
    try {
      response = await post('/offline/reads', {token, renewal: renewalFor(reads[0]), member_id: reads[0].member_id,
        reads: reads.map(r => ({course: r.course, module: r.module, lesson: r.lesson, read_at: r.read_at}))});
    } catch (offline) {
      return false;
    }
    const reply = response.ok ? {} : await response.json().catch(() => ({}));
    if (response.ok || KEEP_REFUSED.includes(reply.reason)) {
      for (const read of reads) await remove('reads', read.key);
    }
  }
  return true;
}

// Saving, refreshing and removing a course ------------------------------------------------------------------------
async function save(course, lang) {
  const listed = await fetch(`/offline/courses/${course}.json?lang=${lang}`, {credentials: 'omit'});
  if (!listed.ok) throw new Error(`list ${listed.status}`);
  const list = await listed.json();
  const name = `${PREFIX}${course}:${lang}:${list.version}`;
  const cache = await caches.open(name);
  let bytes = 0;
  for (const file of list.files) {
    // a hashed file is the same in every cache: copy, do not download
    let response = file.key.includes('?v=') ? await caches.match(file.key) : null;
    if (!response) response = await fetch(file.url, {credentials: 'omit'});
    if (!response.ok) {
      await caches.delete(name);
      throw new Error(`${file.url} ${response.status}`);
    }
    const body = await response.arrayBuffer();
    bytes += body.byteLength;
    await cache.put(file.key, new Response(body, {headers: response.headers}));
  }
  const summary = {course, lang, version: list.version, title: list.title, lessons: list.lessons, quizzes: list.quizzes, bytes};
  await cache.put('/offline/summary', new Response(JSON.stringify(summary), {headers: {'Content-Type': 'application/json'}}));
  await drop(`${PREFIX}${course}:${lang}:`, name);
}

async function drop(prefix, keep) {
  for (const name of await caches.keys()) if (name !== keep && name.startsWith(prefix)) await caches.delete(name);
}

async function summaries() {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const response = await (await caches.open(name)).match('/offline/summary');
    if (response) found.push(await response.json());
  }
  return found;
}

// "You are offline" in the page language, kept even before a course is saved (its CSS stays in the HTTP cache)
async function shell(lang) {
  const cache = await caches.open(`${PREFIX}_:${lang}:`);
  if (await cache.match('/offline/')) return;
  const response = await fetch(`/offline/?lang=${lang}&copy=1`, {credentials: 'omit'});
  if (response.ok) await cache.put('/offline/', response);
}

async function refresh() {
  const checked = await getMeta('checked');
  if (checked && Date.now() - checked < CHECK_EVERY) return;
  await setMeta('checked', Date.now());
  await drop(`${PREFIX}_:`);
  for (const item of await summaries()) {
    try {
      const listed = await fetch(`/offline/courses/${item.course}.json?lang=${item.lang}`, {credentials: 'omit'});
      if (listed.ok && (await listed.json()).version !== item.version) await save(item.course, item.lang);
    } catch (offline) {
      return;
    }
  }
}

async function state() {
  const waiting = (await all('answers')).map(({member_id, course, module, refused, message}) => ({member_id, course, module, refused, message}));
  return {who: await getMeta('who') || null, saved: await summaries(), waiting};
}

self.addEventListener('message', event => {
  const port = event.ports[0];
  const reply = value => port && port.postMessage(value);
  event.waitUntil(answer(event.data || {}, event).then(reply, error => reply({error: String(error)})));
});

async function answer(message, event) {
  if (message.type === 'hello') {
    if (message.lang) await setMeta('lang', message.lang);
    if ('who' in message) await setMeta('who', message.who);
    if (message.online) {
      await flush();
      event.waitUntil(refresh().then(() => shell(message.lang)).catch(() => {}));
    }
  } else if (message.type === 'save') {
    await save(message.course, message.lang);
  } else if (message.type === 'remove') {
    await drop(`${PREFIX}${message.course}:${message.lang}:`);
  }
  return state();
}
