/**
 * The viewer page, embedded as strings: tsc copies no non-TS files into the build, and a page served from the
 * API itself needs no CDN (these machines are offline) and fits a strict CSP with no inline script or style.
 * The JS is written without template literals so it can sit inside String.raw unchanged.
 */

export const VIEWER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src *; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const VIEWER_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Shared video</title>
<link rel="stylesheet" href="/s/assets/viewer.css">
<script src="/s/assets/viewer.js" defer></script>
</head>
<body>
<main id="main">
  <h1 id="title" tabindex="-1">Shared video</h1>
  <div id="message" class="msg" role="status" aria-live="polite" aria-atomic="true"></div>

  <section id="step-loading" aria-labelledby="loading-heading">
    <h2 id="loading-heading" class="visually-hidden">Loading</h2>
    <p>Loading…</p>
    <noscript><p>This page needs JavaScript to play the video.</p></noscript>
  </section>

  <section id="step-destination" aria-labelledby="dest-heading" hidden>
    <h2 id="dest-heading" tabindex="-1">Confirm it's you</h2>
    <p>Enter your mobile phone number or email address. We will send you a one-time code.</p>
    <form id="dest-form" novalidate>
      <label for="dest-input">Phone number or email address</label>
      <input id="dest-input" name="destination" type="text" autocomplete="on" autocapitalize="off" spellcheck="false" maxlength="254" aria-describedby="dest-hint" required>
      <p id="dest-hint" class="hint">Phone numbers with the country code, for example +1 415 555 0123.</p>
      <button type="submit" id="dest-submit">Send code</button>
    </form>
  </section>

  <section id="step-start" aria-labelledby="start-heading" hidden>
    <h2 id="start-heading" tabindex="-1">Confirm it's you</h2>
    <p>This video was shared with you. To watch it, enter a code that we send to <strong id="start-to"></strong>.</p>
    <button type="button" id="start-send">Send code</button>
  </section>

  <section id="step-code" aria-labelledby="code-heading" hidden>
    <h2 id="code-heading" tabindex="-1">Enter your code</h2>
    <p>We sent a code to <strong id="code-to"></strong>.</p>
    <form id="code-form" novalidate>
      <label for="code-input">One-time code</label>
      <input id="code-input" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]*" maxlength="10" aria-describedby="code-hint" required>
      <p id="code-hint" class="hint">The digits from the message. You can paste them.</p>
      <button type="submit" id="code-submit">Verify and watch</button>
    </form>
    <div class="row">
      <button type="button" id="resend" class="secondary">Resend code</button>
      <button type="button" id="restart" class="link" hidden>Start over</button>
    </div>
  </section>

  <section id="step-signin" aria-labelledby="signin-heading" hidden>
    <h2 id="signin-heading" tabindex="-1">Sign in to watch</h2>
    <p>This video is for members of the workspace. Sign in with your workspace username and password.</p>
    <form id="signin-form" novalidate>
      <label for="signin-username">Username</label>
      <input id="signin-username" name="username" type="text" autocomplete="username" autocapitalize="off" spellcheck="false" maxlength="256" required>
      <label for="signin-password">Password</label>
      <input id="signin-password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
      <button type="submit" id="signin-submit">Sign in</button>
    </form>
  </section>

  <section id="step-gone" aria-labelledby="gone-heading" hidden>
    <h2 id="gone-heading" tabindex="-1">This link does not work</h2>
    <p>It may have expired, been turned off, or been used up. Ask the person who shared it for a new link.</p>
  </section>

  <section id="step-video" aria-labelledby="video-heading" hidden>
    <h2 id="video-heading" class="visually-hidden" tabindex="-1">Video</h2>
    <video id="video" controls playsinline preload="metadata"></video>
  </section>
</main>
</body>
</html>
`;

export const VIEWER_CSS = String.raw`*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
main { max-width: 40rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 0.5rem; }
p { margin: 0 0 0.75rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input { display: block; width: 100%; font: inherit; font-size: 1.125rem; padding: 0.65rem 0.75rem; border: 2px solid #4b5563; border-radius: 6px; color: #1a1a1a; background: #ffffff; }
input + label { margin-top: 0.75rem; }
#code-input { letter-spacing: 0.3em; font-variant-numeric: tabular-nums; }
.hint { color: #4b5563; font-size: 0.9rem; margin-top: 0.35rem; }
button { font: inherit; font-weight: 600; min-height: 44px; padding: 0.6rem 1.1rem; border-radius: 6px; border: 2px solid #1d4ed8; background: #1d4ed8; color: #ffffff; cursor: pointer; }
button.secondary { background: #ffffff; color: #1d4ed8; }
button.link { background: transparent; border-color: transparent; color: #1d4ed8; text-decoration: underline; }
button:disabled { background: #e5e7eb; border-color: #6b7280; color: #374151; cursor: not-allowed; }
form button { margin-top: 0.5rem; width: 100%; }
.row { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 1rem; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
input:focus-visible { outline-offset: 0; }
.msg:empty { display: none; }
.msg { padding: 0.75rem 1rem; border-radius: 6px; margin-bottom: 1rem; border: 2px solid #1d4ed8; background: #eff6ff; color: #1e3a8a; }
.msg.error { border-color: #b91c1c; background: #fef2f2; color: #7f1d1d; }
video { display: block; width: 100%; max-height: 75vh; background: #000000; border-radius: 6px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
`;

export const VIEWER_JS = String.raw`(function () {
  'use strict';
  // The link token is the last path segment. It stays where it arrived: nothing is added to the URL, nothing is
  // stored in localStorage or cookies, and the viewer or member token lives only in this closure.
  var segments = window.location.pathname.split('/');
  var token = segments[segments.length - 1] || '';
  var base = '/v1/view/' + encodeURIComponent(token);
  var state = { info: null, challengeId: null, viewerToken: null, memberToken: null, timer: null, busy: false, cooldown: 30 };
  var steps = ['step-loading', 'step-destination', 'step-start', 'step-code', 'step-signin', 'step-gone', 'step-video'];

  // Private links: the code step completes a member sign-in instead of a link code.
  function memberMode() { return !!state.info && state.info.requires === 'member_login'; }

  function el(id) { return document.getElementById(id); }

  function show(step, focusId) {
    steps.forEach(function (id) { el(id).hidden = id !== step; });
    var target = el(focusId);
    if (target) target.focus();
  }

  function say(text, isError) {
    var box = el('message');
    box.className = isError ? 'msg error' : 'msg';
    box.textContent = text || '';
  }

  function call(method, path, body, bearer) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    return fetch(base + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { status: res.status, data: data || {}, retryAfter: Number(res.headers.get('Retry-After')) || 0 };
      });
    }, function () {
      return { status: 0, data: { error: 'network_error' }, retryAfter: 0 };
    });
  }

  function setBusy(busy) {
    state.busy = busy;
    ['dest-submit', 'start-send', 'code-submit', 'signin-submit'].forEach(function (id) { el(id).disabled = busy; });
  }

  function seconds(n) { return n === 1 ? '1 second' : n + ' seconds'; }

  function cooldown(total) {
    var button = el('resend');
    var left = Math.max(0, Math.ceil(total || 0));
    clearInterval(state.timer);
    function tick() {
      if (left <= 0) {
        clearInterval(state.timer);
        button.disabled = false;
        button.textContent = 'Resend code';
        return;
      }
      button.disabled = true;
      button.textContent = 'Resend code (' + left + ' s)';
      left -= 1;
    }
    tick();
    state.timer = setInterval(tick, 1000);
  }

  function retryAfter(r) {
    var details = r.data.details || {};
    return Number(details.retryAfterSeconds) || r.retryAfter || 0;
  }

  // One place turns every API error into words for people; the error codes are the API's stable contract.
  function fail(r, focusId) {
    var error = r.data.error;
    var details = r.data.details || {};
    if (error === 'link_not_found') {
      say('');
      show('step-gone', 'gone-heading');
      return;
    }
    var restart = false;
    var text;
    switch (error) {
      case 'invalid_code':
        text = 'That code is not right. ' + (details.attemptsRemaining === 1 ? '1 attempt left.' : details.attemptsRemaining + ' attempts left.');
        el('code-input').value = '';
        break;
      case 'challenge_expired':
        text = 'This code has expired. Start over to get a new one.';
        restart = true;
        break;
      case 'too_many_attempts':
        text = 'Too many wrong codes: this code is locked. Start over to get a new one.';
        restart = true;
        break;
      case 'challenge_not_pending':
      case 'challenge_not_found':
        text = 'This code can no longer be used. Start over to get a new one.';
        restart = true;
        break;
      case 'resend_too_soon':
        text = 'Please wait ' + seconds(retryAfter(r)) + ' before asking for another code.';
        cooldown(retryAfter(r));
        break;
      case 'rate_limited':
      case 'destination_rate_limited':
        text = 'Too many attempts. Try again in ' + seconds(Math.max(1, retryAfter(r))) + '.';
        break;
      case 'recipient_not_allowed':
        text = 'This link cannot be opened with that phone number or email address.';
        break;
      case 'country_not_allowed':
        text = 'Codes cannot be sent by text message to that country. Try an email address.';
        break;
      case 'channel_unavailable':
        text = 'Codes cannot be sent that way. Try a phone number or an email address instead.';
        break;
      case 'validation_failed':
        text = memberMode() ? 'Enter your username and password.' : 'Enter a valid phone number with its country code, or an email address.';
        break;
      case 'invalid_credentials':
        text = 'The username or password is not right.';
        el('signin-password').value = '';
        restart = state.challengeId !== null;
        break;
      case 'too_many_login_attempts':
        text = 'Too many failed sign-in attempts. Try again in ' + seconds(Math.max(1, retryAfter(r))) + '.';
        break;
      case 'no_mfa_destination':
        text = 'Signing in needs a code, but your account has no phone number or email address for it. Ask a workspace admin to add one.';
        break;
      case 'member_login_required':
        text = 'Your sign-in has expired. Start over to sign in again.';
        restart = true;
        break;
      case 'viewer_token_required':
        text = 'Your access has expired. Start over to get a new code.';
        restart = true;
        break;
      case 'network_error':
        text = 'The connection failed. Check your network and try again.';
        break;
      default:
        text = 'Something went wrong. Please try again.';
    }
    // A member's code step always offers to start over: that is how a new login code is sent.
    el('restart').hidden = !restart && !(memberMode() && state.challengeId !== null);
    say(text, true);
    var target = restart ? el('restart') : el(focusId);
    if (target && !target.hidden) target.focus();
  }

  function firstStep() {
    clearInterval(state.timer);
    state.challengeId = null;
    el('restart').hidden = true;
    state.memberToken = null;
    if (memberMode()) {
      el('signin-password').value = '';
      show('step-signin', 'signin-username');
    } else if (state.info.type === 'share') {
      el('start-to').textContent = state.info.to || '';
      show('step-start', 'start-send');
    } else {
      show('step-destination', 'dest-input');
    }
  }

  function requestCode(body, focusId) {
    if (state.busy) return;
    setBusy(true);
    say('Sending a code…');
    call('POST', '/challenge', body).then(function (r) {
      setBusy(false);
      if (r.status !== 201) return fail(r, focusId);
      state.challengeId = r.data.challengeId;
      el('code-to').textContent = r.data.to;
      el('code-input').value = '';
      el('restart').hidden = true;
      say('We sent a code to ' + r.data.to + '.');
      show('step-code', 'code-input');
      state.cooldown = r.data.resendAfterSeconds;
      cooldown(state.cooldown);
    });
  }

  function play() {
    call('GET', '/media?format=json', undefined, state.viewerToken || state.memberToken).then(function (r) {
      if (r.status !== 200) return fail(r, 'title');
      clearInterval(state.timer);
      say('');
      el('video').src = r.data.url;
      show('step-video', 'video-heading');
    });
  }

  el('dest-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = el('dest-input').value.trim();
    if (!value) {
      say('Enter your phone number or email address.', true);
      el('dest-input').focus();
      return;
    }
    requestCode({ to: value }, 'dest-input');
  });

  el('signin-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (state.busy) return;
    var username = el('signin-username').value.trim();
    var password = el('signin-password').value;
    if (!username || !password) {
      say('Enter your username and password.', true);
      el(username ? 'signin-password' : 'signin-username').focus();
      return;
    }
    setBusy(true);
    say('Signing in…');
    call('POST', '/login', { username: username, password: password }).then(function (r) {
      setBusy(false);
      el('signin-password').value = '';
      if (r.status !== 200) return fail(r, r.data.error === 'invalid_credentials' ? 'signin-password' : 'signin-username');
      if (r.data.status === 'authenticated') {
        state.memberToken = r.data.accessToken;
        return play();
      }
      // A login code has no resend: signing in again sends a new one.
      state.challengeId = r.data.challengeId;
      el('code-to').textContent = r.data.to;
      el('code-input').value = '';
      el('resend').hidden = true;
      el('restart').hidden = false;
      say('We sent a code to ' + r.data.to + '.');
      show('step-code', 'code-input');
    });
  });

  el('start-send').addEventListener('click', function () { requestCode({}, 'start-send'); });

  // Pasted codes often carry spaces or dashes: keep the digits only.
  el('code-input').addEventListener('input', function () {
    var input = el('code-input');
    var digits = input.value.replace(/\D+/g, '').slice(0, 10);
    if (digits !== input.value) input.value = digits;
  });

  el('code-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (state.busy) return;
    var code = el('code-input').value.replace(/\D+/g, '');
    if (code.length < 4) {
      say('Enter the code from the message.', true);
      el('code-input').focus();
      return;
    }
    setBusy(true);
    var member = memberMode();
    call('POST', member ? '/login/verify' : '/verify', { challengeId: state.challengeId, code: code }).then(function (r) {
      setBusy(false);
      if (r.status !== 200) return fail(r, 'code-input');
      if (member) state.memberToken = r.data.accessToken;
      else state.viewerToken = r.data.viewerToken;
      play();
    });
  });

  el('resend').addEventListener('click', function () {
    if (!state.challengeId) return;
    el('resend').disabled = true;
    call('POST', '/resend', { challengeId: state.challengeId }).then(function (r) {
      if (r.status !== 202) {
        el('resend').disabled = false;
        return fail(r, 'code-input');
      }
      el('code-input').value = '';
      say('We sent a new code to ' + r.data.to + '. The previous code no longer works.');
      cooldown(state.cooldown);
      el('code-input').focus();
    });
  });

  el('restart').addEventListener('click', function () {
    say('');
    firstStep();
  });

  call('GET', '').then(function (r) {
    if (r.status !== 200) return fail(r, 'title');
    state.info = r.data;
    el('title').textContent = r.data.title;
    document.title = r.data.title + ' - shared video';
    if (r.data.requires === 'none') return play();
    firstStep();
  });
})();
`;
