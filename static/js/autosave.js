// Autosave for worksheet sections: an enhancement only. Without JavaScript the form's
// "Save" buttons do the same work. Each question saves on its own as it changes; a failed
// save is retried with back-off and again as soon as the browser is back online.
(function () {
  "use strict";
  var form = document.querySelector("form.worksheet-form");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }

  var url = form.dataset.autosaveUrl;
  var globalStatus = document.getElementById("autosave-status");
  var pending = {};   // question key -> true while a save is wanted
  var timers = {};
  var retryDelay = {};
  var inFlight = {};  // question key -> true while its request is on the way
  var again = {};     // question key -> changed again while in flight: save once more after
  var submitting = false;  // the form's own Save posts every answer: leaving then loses nothing

  function track() { form.dataset.autosavePending = String(Object.keys(pending).length); }

  function field(name) { return form.elements.namedItem(name); }

  function setStatus(key, text, isProblem) {
    var target = form.querySelector('[data-status-for="' + key + '"]');
    if (target) {
      target.textContent = text;
      target.classList.toggle("text-danger", Boolean(isProblem));
    }
    globalStatus.textContent = text;
  }

  // Sent URL-encoded (as the form itself posts): smaller than multipart, and cheaper to read.
  function payload(key) {
    var data = new URLSearchParams();
    ["csrfmiddlewaretoken", "content_version", "worksheet", "section", "vendor"].forEach(function (name) {
      var input = field(name);
      if (input) { data.append(name, input.value); }
    });
    // A page of questions from several sections (the quick check) names each one's own.
    var box = form.querySelector('[data-question="' + key + '"]');
    if (box && box.dataset.worksheet) {
      data.set("worksheet", box.dataset.worksheet);
      data.set("section", box.dataset.section);
    }
    data.append("question", key);
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.name.slice(2) !== key || ["q-", "n-", "b-"].indexOf(input.name.slice(0, 2)) < 0) { return; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      data.append(input.name, input.value);
    });
    return data;
  }

  function showWarnings(key, warnings) {
    var box = form.querySelector('[data-warning-for="' + key + '"]');
    if (!box) { return; }
    box.textContent = "";
    (warnings || []).forEach(function (text) {
      var p = document.createElement("p");
      p.className = "alert alert-warning py-1 mb-1";
      p.textContent = text;
      box.appendChild(p);
    });
  }

  function offerKeepMine(key, base, message) {
    setStatus(key, message, true);
    var target = form.querySelector('[data-status-for="' + key + '"]');
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary ms-2";
    button.textContent = form.dataset.msgKeepMine;
    button.addEventListener("click", function () {
      field("b-" + key).value = base;
      save(key);
    });
    target.appendChild(button);
  }

  function retryLater(key) {
    var delay = Math.min((retryDelay[key] || 250) * 2, 30000);
    retryDelay[key] = delay;
    setStatus(key, navigator.onLine === false ? form.dataset.msgOffline : form.dataset.msgRetrying, true);
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { save(key); }, delay);
  }

  function finished(key) {
    delete inFlight[key];
    if (again[key]) {
      delete again[key];
      save(key);
    }
    track();
  }

  function save(key) {
    pending[key] = true;
    track();
    if (inFlight[key]) {  // one request per question at a time, so each builds on the last
      again[key] = true;
      return;
    }
    inFlight[key] = true;
    setStatus(key, form.dataset.msgSaving, false);
    fetch(url, {method: "POST", body: payload(key), credentials: "same-origin",
                headers: {"X-Requested-With": "fetch", "Accept": "application/json"}})
      .then(function (response) {
        if (response.status >= 500) { throw new Error("server"); }
        return response.json().then(function (reply) { return {ok: response.ok, reply: reply}; });
      })
      .then(function (result) {
        var reply = result.reply;
        delete retryDelay[key];
        if (reply.status === "saved") {
          field("b-" + key).value = reply.base;
          delete pending[key];
          setStatus(key, reply.message, false);
          showWarnings(key, reply.warnings);
        } else if (reply.status === "conflict") {
          delete pending[key];
          offerKeepMine(key, reply.base, reply.message);
        } else {
          delete pending[key];
          setStatus(key, (reply.errors || []).join(" "), true);
        }
        finished(key);
      })
      .catch(function () {
        delete inFlight[key];
        retryLater(key);
        track();
      });
  }

  function schedule(key, wait) {
    pending[key] = true;
    track();
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { save(key); }, wait);
  }

  function keyOf(target) {
    var question = target.closest ? target.closest("[data-question]") : null;
    return question ? question.dataset.question : null;
  }

  form.addEventListener("change", function (event) {
    var key = keyOf(event.target);
    if (key) { schedule(key, 0); }
  });
  form.addEventListener("input", function (event) {
    var key = keyOf(event.target);
    if (key && (event.target.tagName === "TEXTAREA" || event.target.type === "text" || event.target.type === "number")) {
      schedule(key, 1200);
    }
  });
  window.addEventListener("online", function () {
    Object.keys(pending).forEach(function (key) { save(key); });
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });  // back from the cache
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && Object.keys(pending).length) { event.preventDefault(); event.returnValue = ""; }
  });
})();
