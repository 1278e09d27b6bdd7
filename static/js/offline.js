/* Twe Let Learning's page script: starts sw.js after the page has shown, tells it who is learning, and runs the
 * "Save for offline" box, saved quizzes and answers waiting to be sent. Pages work without it. */
(() => {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.MessageChannel) return;
  const doc = document;
  const lang = doc.documentElement.lang || 'my';
  const whoTag = doc.querySelector('meta[name="twelet-who"]');
  const one = (selector, root) => (root || doc).querySelector(selector);
  const all = (selector, root) => Array.from((root || doc).querySelectorAll(selector));
  const here = (s, course) => s.course === course && s.lang === lang;

  const ask = message => navigator.serviceWorker.ready.then(registration => new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = event => resolve(event.data || {});
    registration.active.postMessage(message, [channel.port2]);
  }));

  function courseBox(box, state) {
    const course = box.dataset.offlineCourse;
    const saved = (state.saved || []).find(s => here(s, course));
    const shown = state.error ? 'failed' : saved ? 'saved' : state.saving ? 'saving' : 'none';
    const digits = n => String(n).replace(/[0-9]/g, d => (box.dataset.digits || '0123456789').charAt(d));
    for (const p of all('[data-state]', box)) {
      p.hidden = p.dataset.state !== shown;
      if (saved && p.dataset.state === 'saved') {
        p.textContent = p.dataset.template.replace('{lessons}', digits(saved.lessons))
          .replace('{quizzes}', digits(saved.quizzes)).replace('{size}', digits(Math.ceil(saved.bytes / 1024)));
      }
    }
    one('[data-action="save"]', box).hidden = Boolean(saved || state.saving);
    one('[data-action="remove"]', box).hidden = !saved;
    box.hidden = false;
  }

  function setUpCourseBox(state) {
    const box = one('[data-offline-course]');
    if (!box) return;
    const template = one('[data-state="saved"]', box);
    template.dataset.template = template.textContent;
    const course = box.dataset.offlineCourse;
    courseBox(box, state);
    one('[data-action="save"]', box).addEventListener('click', () => {
      courseBox(box, {saving: true});
      ask({type: 'save', course, lang}).then(next => courseBox(box, next));
    });
    one('[data-action="remove"]', box).addEventListener('click', () => {
      ask({type: 'remove', course, lang}).then(next => courseBox(box, next));
    });
  }

  function saveOnWifi(state) {
    const lesson = /^\/learn\/([\w-]+)\/[\w-]+\/([\w-]+)$/.exec(location.pathname);
    const connection = navigator.connection;
    if (!lesson || lesson[2] === 'quiz' || !connection || connection.type !== 'wifi') return;
    if (!(state.saved || []).some(s => here(s, lesson[1]))) ask({type: 'save', course: lesson[1], lang});
  }

  function setUpSavedQuiz(state) {
    const form = one('form.quiz[data-copy]');
    if (!form) return;
    const who = state.who;
    if (!who) {
      one('[data-nobody]').hidden = false;
      return;
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    form.elements.submission_id.value = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    form.elements.answer_token.value = who.token;
    form.elements.member_id.value = who.member_id;
    form.elements.household_id.value = who.household_id;
    one('button[type="submit"]', form).disabled = false;
    form.addEventListener('submit', event => {
      const missing = all('fieldset.question', form).some(set => !all('input', set).some(
        input => (input.type === 'radio' || input.type === 'checkbox' ? input.checked : input.value.trim() !== '')));
      one('[data-unanswered]').hidden = !missing;
      if (missing) event.preventDefault();
    });
  }

  function item(list, text, href) {
    const li = doc.createElement('li');
    const node = href ? doc.createElement('a') : li;
    node.textContent = text;
    if (href) {
      node.href = href;
      li.appendChild(node);
    }
    list.appendChild(li);
  }

  function showWaiting(state) {
    const member = whoTag ? Number(whoTag.dataset.member) : 0;
    const refused = one('[data-refused]');
    for (const w of state.waiting || []) {
      if (!member || w.member_id !== member) continue;
      for (const p of all(`[data-waiting="${w.course}/${w.module}"]`)) p.hidden = false;
      if (refused && w.refused) {
        item(one('ul', refused), w.message || w.refused);
        refused.hidden = false;
      }
    }
  }

  function listSaved(state) {
    const list = one('[data-saved-list]');
    if (!list) return;
    const saved = state.saved || [];
    for (const s of saved) item(list, s.title || s.course, `/learn/${s.course}/?lang=${s.lang}`);
    one('[data-saved-none]').hidden = saved.length > 0;
  }

  function start() {
    navigator.serviceWorker.register('/sw.js', {scope: '/', updateViaCache: 'all'}).catch(() => {});
    const hello = {type: 'hello', lang, online: navigator.onLine};
    if (whoTag) {
      hello.who = whoTag.content ? {token: whoTag.content, member_id: Number(whoTag.dataset.member),
        household_id: Number(whoTag.dataset.household)} : null;
    }
    ask(hello).then(state => {
      setUpCourseBox(state);
      setUpSavedQuiz(state);
      showWaiting(state);
      listSaved(state);
      saveOnWifi(state);
    });
  }

  if (doc.readyState === 'complete') start(); else window.addEventListener('load', start);
})();
