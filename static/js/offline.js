/* Twe Let Learning's page script: starts sw.js after the page has shown, tells it who is learning, and runs the
 * "Save for offline" box, saved quizzes and answers waiting to be sent. Pages work without it. */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.MessageChannel) return;
  var doc = document;
  var lang = doc.documentElement.lang || 'my';
  var whoMeta = doc.querySelector('meta[name="twelet-who"]');

  function all(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }

  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data || {}); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function digits(text, box) {
    var set = box.getAttribute('data-digits') || '0123456789';
    return String(text).replace(/[0-9]/g, function (d) { return set.charAt(+d); });
  }

  function courseBox(box, state) {
    var course = box.getAttribute('data-offline-course');
    var saved = (state.saved || []).filter(function (s) { return s.course === course && s.lang === lang; })[0];
    var shown = state.error ? 'failed' : saved ? 'saved' : state.saving ? 'saving' : 'none';
    all('[data-state]', box).forEach(function (p) {
      p.hidden = p.getAttribute('data-state') !== shown;
      if (saved && p.getAttribute('data-state') === 'saved') {
        p.textContent = p.getAttribute('data-template').replace('{lessons}', digits(saved.lessons, box))
          .replace('{quizzes}', digits(saved.quizzes, box)).replace('{size}', digits(Math.ceil(saved.bytes / 1024), box));
      }
    });
    box.querySelector('[data-action="save"]').hidden = Boolean(saved) || Boolean(state.saving);
    box.querySelector('[data-action="remove"]').hidden = !saved;
    box.hidden = false;
  }

  function setUpCourseBox(state) {
    var box = doc.querySelector('[data-offline-course]');
    if (!box) return;
    var template = box.querySelector('[data-state="saved"]');
    template.setAttribute('data-template', template.textContent);
    var course = box.getAttribute('data-offline-course');
    courseBox(box, state);
    box.querySelector('[data-action="save"]').addEventListener('click', function () {
      courseBox(box, {saving: true, saved: []});
      ask({type: 'save', course: course, lang: lang}).then(function (next) { courseBox(box, next); });
    });
    box.querySelector('[data-action="remove"]').addEventListener('click', function () {
      ask({type: 'remove', course: course, lang: lang}).then(function (next) { courseBox(box, next); });
    });
  }

  // A lesson opened on Wi-Fi saves its course by itself (mobile data costs money: only when asked).
  function saveOnWifi(state) {
    var lesson = /^\/learn\/([\w-]+)\/([\w-]+)\/([\w-]+)$/.exec(location.pathname);
    var connection = navigator.connection;
    if (!lesson || lesson[3] === 'quiz' || !connection || connection.type !== 'wifi') return;
    var course = lesson[1];
    var known = (state.saved || []).some(function (s) { return s.course === course && s.lang === lang; });
    if (!known) ask({type: 'save', course: course, lang: lang});
  }

  function newSubmissionId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // A quiz from a saved course: a new submission id, and the token of who was learning when last online.
  function setUpSavedQuiz(state) {
    var form = doc.querySelector('form.quiz[data-copy]');
    if (!form) return;
    var who = state.who;
    if (!who) {
      doc.querySelector('[data-nobody]').hidden = false;
      form.querySelector('button[type="submit"]').disabled = true;
      return;
    }
    form.elements.submission_id.value = newSubmissionId();
    form.elements.answer_token.value = who.token;
    form.elements.member_id.value = who.member_id;
    form.elements.household_id.value = who.household_id;
    form.addEventListener('submit', function (event) {
      var missing = all('fieldset.question', form).some(function (set) {
        return !all('input', set).some(function (input) {
          return (input.type === 'radio' || input.type === 'checkbox') ? input.checked : input.value.trim() !== '';
        });
      });
      doc.querySelector('[data-unanswered]').hidden = !missing;
      if (missing) event.preventDefault();
    });
  }

  function item(list, text, href) {
    var li = doc.createElement('li');
    var node = href ? doc.createElement('a') : li;
    node.textContent = text;
    if (href) { node.href = href; li.appendChild(node); }
    list.appendChild(li);
  }

  function showWaiting(state) {
    var member = whoMeta ? Number(whoMeta.getAttribute('data-member')) : 0;
    var refused = doc.querySelector('[data-refused]');
    (state.waiting || []).forEach(function (w) {
      if (!member || w.member_id !== member) return;
      all('[data-waiting="' + w.course + '/' + w.module + '"]').forEach(function (p) { p.hidden = false; });
      if (refused && w.refused) {
        item(refused.querySelector('ul'), w.message || w.refused);
        refused.hidden = false;
      }
    });
  }

  function listSaved(state) {
    var list = doc.querySelector('[data-saved-list]');
    if (!list) return;
    (state.saved || []).forEach(function (s) { item(list, s.title || s.course, '/learn/' + s.course + '/?lang=' + s.lang); });
    var none = doc.querySelector('[data-saved-none]');
    if (none) none.hidden = (state.saved || []).length > 0;
  }

  function start() {
    navigator.serviceWorker.register('/sw.js', {scope: '/'}).catch(function () {});
    var hello = {type: 'hello', lang: lang, online: navigator.onLine};
    if (whoMeta) {  // a page shown by the server now (a saved copy carries no such tag and changes nothing)
      hello.who = whoMeta.content ? {token: whoMeta.content, member_id: Number(whoMeta.getAttribute('data-member')),
        household_id: Number(whoMeta.getAttribute('data-household'))} : null;
    }
    ask(hello).then(function (state) {
      setUpCourseBox(state);
      setUpSavedQuiz(state);
      showWaiting(state);
      listSaved(state);
      saveOnWifi(state);
    });
  }

  if (doc.readyState === 'complete') start(); else window.addEventListener('load', start);
}());
