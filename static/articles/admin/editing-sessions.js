// Wagtail's editing-session ping reports the revision the tab last saved; the server answers "someone saved a newer
// version" when the page's latest revision is newer than that. A ping sent just before the tab's own autosave and
// answered after it commits therefore reports the tab's own autosave as another window's save, and Wagtail keeps
// that conflict (its dialog then stops every submit) until the page is reloaded. Such an answer is out of date by
// construction: drop it before Wagtail's session controller reads it and ask again once the autosave has landed.
(function () {
    "use strict";

    const SESSIONS = "form.w-editing-sessions";
    let autosaves = 0; // autosaves this tab has started
    let saving = false; // one is on its way
    let pingSentAfter = 0; // the count when the ping now on its way was sent; -1 if sent during an autosave
    let pingAgain = false;

    function sessions() {
        return document.querySelector(SESSIONS);
    }

    function ping() {
        const form = sessions();
        // The session form's own action for this event (w-session:ping->w-swap#submit) sends the ping.
        if (form) form.dispatchEvent(new CustomEvent("w-session:ping", { bubbles: true }));
    }

    document.addEventListener("w-autosave:save", () => {
        autosaves += 1;
        saving = true;
    }, true);

    function autosaveDone() {
        saving = false;
        if (pingAgain) {
            pingAgain = false;
            setTimeout(ping); // after Wagtail has stored the autosaved revision's id and time in the session form
        }
    }
    document.addEventListener("w-autosave:success", autosaveDone, true);
    document.addEventListener("w-autosave:error", autosaveDone, true);

    document.addEventListener("w-swap:begin", (event) => {
        const form = sessions();
        if (form && form.contains(event.target)) pingSentAfter = saving ? -1 : autosaves;
    }, true);

    // Capturing at the document runs before the listeners on the session form, so a dropped answer never reaches
    // Wagtail's controller.
    document.addEventListener("w-swap:json", (event) => {
        if (event.target !== sessions() || pingSentAfter === autosaves) return;
        event.stopImmediatePropagation();
        if (saving) pingAgain = true;
        else setTimeout(ping);
    }, true);
})();
