"use strict";
// Renders /openapi.json as a list of routes with their parameters (offline: no documentation CDN).
(async function () {
  const box = document.getElementById("routes");
  const spec = await (await fetch("/openapi.json")).json();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const sec = document.createElement("section");
      sec.className = "card";
      const h = document.createElement("h2");
      const code = document.createElement("code");
      code.textContent = method.toUpperCase() + " " + path;
      h.appendChild(code);
      sec.appendChild(h);
      const p = document.createElement("p");
      p.textContent = op.summary || "";
      sec.appendChild(p);
      const params = op.parameters || [];
      if (params.length) {
        const ul = document.createElement("ul");
        for (const prm of params) {
          const li = document.createElement("li");
          const c = document.createElement("code");
          c.textContent = prm.name;
          li.appendChild(c);
          li.appendChild(document.createTextNode(" (" + prm.in + (prm.required ? ", required" : "") + ") "
            + (prm.description || "")));
          ul.appendChild(li);
        }
        sec.appendChild(ul);
      }
      box.appendChild(sec);
    }
  }
})();
