// quire serve's live-reload client, loaded by the theme's base template when `live_reload` is
// set (serve only) from `{{ root }}__quire/live.js`, with `data-quire-live` the page's relative
// way to the site root, so the event stream is found under any base path and over the page's own
// protocol. A lost connection is retried by EventSource itself; when it comes back (serve was
// restarted, perhaps after edits), the page reloads.
(function(){
var root=document.currentScript.dataset.quireLive,box=null;
function overlay(msg){if(!box){box=document.createElement("pre");box.id="quire-error";box.setAttribute("role","alert");box.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#5c0f0f;color:#fff;font:13px/1.4 monospace;z-index:99999;white-space:pre-wrap";document.body.appendChild(box);}box.textContent=msg;}
var es=new EventSource(root+"__quire/events"),lost=false;
es.addEventListener("error",function(){lost=true;});
es.addEventListener("open",function(){if(lost)location.reload();});
es.addEventListener("reload",function(){location.reload();});
es.addEventListener("css",function(){document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;});if(box){box.remove();box=null;}});
es.addEventListener("failed",function(e){overlay(e.data);});
})();
