"""The HTML report's inline style and script (kept apart from the markup so each reads on its own).

The script is progressive: without it the page is complete static tables. With it,
filters (severity, MOU type, element, status, review mark) drive the summary counts,
triage, element matrix and document sections, and live in the URL's hash; snippets are
decoded only when a reviewer opens one; review marks stay in localStorage and export as a
`--suppressions` file; j/k, n/p, o, c, d move and act from the keyboard.
"""
from __future__ import annotations

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem;color:#1b1b1b;max-width:75rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#eee}.sev-high{color:#a00;font-weight:bold}
.sev-medium{color:#b35c00}.sev-low{color:#555}.sev-advisory{color:#2a5d8f}.suppressed{opacity:.6}
.error{background:#fde8e8}blockquote{margin:.25rem 0;padding:.25rem .5rem;border-left:3px solid #999;
background:#f6f6f6}.filters label{margin-right:1rem}.matrix td{text-align:center}.cite{font-size:.9em;color:#444}
.verdict{font-weight:bold}.pass{color:#075}.fail{color:#a00}.met{color:#075}.label{font-weight:bold}
.nearest{margin:.25rem 0;padding:.25rem .5rem;border-left:3px solid #c90;background:#fff8e6}
details.snip summary{cursor:pointer;color:#2a5d8f;font-size:.9em}.snip-body img{display:block;margin:.25rem 0;
border:1px solid #ccc;max-width:none}td.msg{min-width:22rem}.nearest blockquote{border:0;background:none;padding:0}.snip-na{font-size:.9em;color:#666}.ocr{color:#8a4b00;font-size:.9em}
tr.current{outline:3px solid #2a5d8f;outline-offset:-2px}section.doc.current>h3{background:#e6eef7}
tr.mark-confirmed td:first-child{border-left:4px solid #075}tr.mark-disputed td:first-child{border-left:4px solid #a00}
.review button{font-size:.8em;margin:0 .2rem .2rem 0}.review button[aria-pressed=true]{background:#2a5d8f;color:#fff}
.review input{width:9rem;font-size:.8em}#export-text{width:100%;height:8rem;font-family:monospace}
section.doc{content-visibility:auto;contain-intrinsic-size:auto 40rem}
.keys{font-size:.9em;color:#444}kbd{border:1px solid #aaa;border-radius:3px;padding:0 .25rem;background:#f6f6f6}
"""

JS = r"""
(function(){
  'use strict';
  var FILTERS=['severity','type','element','status','review'];
  var SEVS=['high','medium','low','advisory'], W={high:10,medium:3,low:1,advisory:0};
  function all(s,root){
    if(root===null){return [];}  // an absent table (no matrix when nothing was checked)
    return Array.prototype.slice.call((root||document).querySelectorAll(s));
  }
  function byId(id){return document.getElementById(id);}
  function sel(k){return byId('filter-'+k);}
  function state(){var o={};FILTERS.forEach(function(k){o[k]=sel(k).value;});return o;}
  var store=null;try{store=window.localStorage;}catch(e){store=null;}
  var KEY='compliance-check-marks:'+document.body.getAttribute('data-report');
  var marks={};try{marks=JSON.parse((store&&store.getItem(KEY))||'{}')||{};}catch(e){marks={};}
  function save(){try{if(store){store.setItem(KEY,JSON.stringify(marks));}}catch(e){}}
  function markOf(r){var m=marks[r.getAttribute('data-fp')];return (m&&m.mark)||'unmarked';}
  // The default status view is the triage view: gaps and undetermined decide which documents
  // show; met rows stay listed under each document's (closed) "Met requirements".
  function statusOk(want,st){if(!want){return true;}return want==='all'||want===st;}
  function counts4doc(want,st){if(!want){return st==='gap'||st==='undetermined';}return statusOk(want,st);}
  function matches(r,f){
    return (!f.severity||r.getAttribute('data-severity')===f.severity)&&
           (!f.element||r.getAttribute('data-element')===f.element)&&(!f.review||markOf(r)===f.review);
  }
  var DOCS=null;
  function byDoc(){  // document number -> its triage row and matrix cells, indexed once
    if(DOCS===null){
      DOCS={};
      all('[data-doc]',byId('triage')).concat(all('[data-doc]',byId('matrix'))).forEach(function(el){
        var k=el.getAttribute('data-doc');(DOCS[k]=DOCS[k]||[]).push(el);
      });
    }
    return DOCS;
  }
  function setText(id,v){var el=byId(id);if(el){el.textContent=String(v);}}
  function apply(){
    var f=state(), narrow=!!(f.severity||f.element||f.review||f.status);
    var gaps={high:0,medium:0,low:0,advisory:0}, n={docs:0,errors:0,met:0,gap:0,suppressed:0,undetermined:0,na:0};
    all('section.doc').forEach(function(sec){
      var d=sec.getAttribute('data-doc'), err=sec.getAttribute('data-error')==='1';
      var okType=!f.type||sec.getAttribute('data-type')===f.type, any=false;
      var g={high:0,medium:0,low:0,advisory:0}, und=0, met=0, sup=0;
      all('tr.finding',sec).forEach(function(r){
        var st=r.getAttribute('data-status'), m=okType&&matches(r,f), vis=m&&statusOk(f.status,st);
        r.hidden=!vis;if(vis&&counts4doc(f.status,st)){any=true;}
        if(!m){return;}
        if(st==='gap'){if(r.getAttribute('data-suppressed')==='1'){sup++;}else{g[r.getAttribute('data-severity')]++;}}
        else if(st==='met'){met++;}else if(st==='undetermined'){und++;}
      });
      var na=0;
      if(okType&&!f.review){(sec.getAttribute('data-na')||'').split(' ').forEach(function(t){
        if(!t){return;}var p=t.split('/');
        if((!f.severity||p[0]===f.severity)&&(!f.element||p[1]===f.element)){na++;}
      });}
      var show=okType&&(err||!narrow||any);
      sec.hidden=!show;
      all('details.met',sec).forEach(function(det){
        var want=f.status==='met'||f.status==='all';
        if(want&&!det.open){det.open=true;det.setAttribute('data-auto','1');}
        else if(!want&&det.getAttribute('data-auto')==='1'){det.open=false;det.removeAttribute('data-auto');}
      });
      (byDoc()[d]||[]).forEach(function(el){el.hidden=!show;});
      var row=byId('tri-'+d);
      if(row&&!err){
        SEVS.forEach(function(s){row.querySelector('.c-'+s).textContent=String(g[s]);});
        row.querySelector('.c-und').textContent=String(und);
        row.querySelector('.c-score').textContent=String(SEVS.reduce(function(a,s){return a+W[s]*g[s];},0));
      }
      if(!show){return;}
      n.docs++;if(err){n.errors++;}
      SEVS.forEach(function(s){gaps[s]+=g[s];n.gap+=g[s];});
      n.met+=met;n.suppressed+=sup;n.undetermined+=und;n.na+=na;
    });
    // matrix: the selected element's row; under a filter, no row whose shown cells hold no rule (– or ·)
    all('tr[data-element]',byId('matrix')).forEach(function(r){
      var cells=all('td',r).filter(function(td){return !td.hidden;});
      var empty=narrow||f.type?cells.every(function(td){var t=td.textContent;return t==='–'||t==='·';}):false;
      r.hidden=(!!f.element&&r.getAttribute('data-element')!==f.element)||empty;
    });
    SEVS.forEach(function(s){setText('sum-'+s,gaps[s]);});
    setText('sum-total',n.gap);
    ['docs','errors','met','gap','suppressed','undetermined','na'].forEach(function(k){setText('n-'+k,n[k]);});
    var active=FILTERS.filter(function(k){return sel(k).value;}).map(function(k){return k+' = '+sel(k).value;});
    setText('filter-note',active.length?'(filtered: '+active.join(', ')+')':'');
    writeUrl(f);
  }
  // ---- URL: the hash holds the view (v=1 marks it), a query string presets it too
  function readUrl(){
    var h=new URLSearchParams(window.location.hash.replace(/^#/,''));
    var q=h.has('v')?h:new URLSearchParams(window.location.search);
    FILTERS.forEach(function(k){if(q.has(k)){sel(k).value=q.get(k);}});
  }
  function writeUrl(f){
    var p=new URLSearchParams();p.set('v','1');
    FILTERS.forEach(function(k){if(f[k]){p.set(k,f[k]);}});
    var url='#'+p.toString();
    if(window.location.hash===url){return;}
    try{history.replaceState(null,'',url);}catch(e){window.location.hash=url;}
  }
  // ---- snippets: decoded only when opened
  var SNIP=null;
  function snippet(k){
    if(SNIP===null){var el=byId('snippet-data');try{SNIP=el?JSON.parse(el.textContent):{};}catch(e){SNIP={};}}
    var at=SNIP.k&&SNIP.k[k];
    return at?[SNIP.i[at[0]],at[1],at[2]]:null;
  }
  function openSnippet(det){
    if(det.getAttribute('data-loaded')){return;}
    var s=snippet(det.getAttribute('data-snip')), body=det.querySelector('.snip-body');
    det.setAttribute('data-loaded','1');
    if(!s){body.textContent='snippet unavailable';return;}
    var img=new Image();img.width=s[1];img.height=s[2];
    img.alt='page region around the quote, the quote highlighted';
    img.src='data:image/png;base64,'+s[0];
    body.appendChild(img);
  }
  document.addEventListener('toggle',function(ev){
    var t=ev.target;if(t&&t.matches&&t.matches('details.snip')&&t.open){openSnippet(t);}
  },true);
  // ---- review marks
  function paint(r){
    var m=markOf(r), rec=marks[r.getAttribute('data-fp')];
    r.classList.toggle('mark-confirmed',m==='confirmed');r.classList.toggle('mark-disputed',m==='disputed');
    all('button[data-mark]',r).forEach(function(b){b.setAttribute('aria-pressed',String(b.getAttribute('data-mark')===m));});
    var inp=r.querySelector('input.note');if(inp&&document.activeElement!==inp){inp.value=(rec&&rec.note)||'';}
  }
  function record(r){
    return {rule:r.getAttribute('data-rule'),path:r.getAttribute('data-path'),status:r.getAttribute('data-status'),
            suppressed:r.getAttribute('data-suppressed')==='1'};
  }
  function setMark(r,m){
    var fp=r.getAttribute('data-fp'), rec=marks[fp]||record(r);
    rec.mark=(rec.mark===m)?'':m;
    if(!rec.mark&&!rec.note){delete marks[fp];}else{marks[fp]=rec;}
    save();paint(r);counts();if(sel('review').value){apply();}
  }
  function setNote(r,text){
    var fp=r.getAttribute('data-fp'), rec=marks[fp]||record(r);
    rec.note=text;if(!rec.mark&&!rec.note){delete marks[fp];}else{marks[fp]=rec;}
    save();counts();
  }
  function counts(){
    var c={confirmed:0,disputed:0};
    Object.keys(marks).forEach(function(k){if(c[marks[k].mark]!==undefined){c[marks[k].mark]++;}});
    setText('marks-confirmed',c.confirmed);setText('marks-disputed',c.disputed);
  }
  function controls(r){
    var td=r.querySelector('td.review');if(!td){return;}
    ['confirmed','disputed'].forEach(function(m){
      var b=document.createElement('button');b.type='button';b.setAttribute('data-mark',m);
      b.textContent=m==='confirmed'?'confirm':'dispute';b.title=(m==='confirmed'?'c':'d')+' on the current finding';
      b.addEventListener('click',function(){setMark(r,m);});td.appendChild(b);
    });
    var inp=document.createElement('input');inp.className='note';inp.type='text';inp.placeholder='note';
    inp.setAttribute('aria-label','review note');
    inp.addEventListener('change',function(){setNote(r,inp.value);});td.appendChild(inp);
    paint(r);
  }
  function yamlStr(s){return JSON.stringify(String(s));}
  function oneLine(s){return String(s||'').replace(/\s+/g,' ').trim();}
  function exportText(){
    var when=new Date().toISOString().slice(0,10), body=document.body;
    var out=['# Review marks from the compliance-check HTML report (as of '+body.getAttribute('data-as-of')+'), exported '+when+'.',
             '# Disputed gaps are suppressions (the note is the reason): compliance-check check PATH --suppressions FILE',
             '# Confirmed findings and disputed non-gaps are listed as comments, for the record.','suppressions:'];
    var entries=0, notes=[];
    Object.keys(marks).sort().forEach(function(fp){
      var m=marks[fp];if(!m.mark){return;}
      if(m.mark==='disputed'&&m.status==='gap'){
        var reason='Disputed in review'+(oneLine(m.note)?': '+oneLine(m.note):' (no note)');
        out.push('  - fingerprint: '+yamlStr(fp),'    rule_id: '+yamlStr(m.rule),'    reason: '+yamlStr(reason));entries++;
      }else{
        notes.push('# '+m.mark+' '+m.status+': '+oneLine(m.rule)+' in '+oneLine(m.path)+' (fingerprint '+fp+')'+
                   (oneLine(m.note)?': '+oneLine(m.note):''));
      }
    });
    if(!entries){out[out.length-1]='suppressions: []';}
    return out.concat(notes).join('\n')+'\n';
  }
  function doExport(){
    var text=exportText(), ta=byId('export-text');ta.value=text;ta.hidden=false;
    try{
      var a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:'text/yaml'}));
      a.download='review-suppressions.yaml';document.body.appendChild(a);a.click();a.remove();
    }catch(e){}
  }
  // ---- keyboard: j/k findings, n/p documents, o snippet, c/d marks
  var cur=null;
  function shown(el){return !el.hidden&&el.offsetParent!==null;}
  function focusRow(r){
    if(cur){cur.classList.remove('current');}cur=r;if(!r){return;}
    r.classList.add('current');r.scrollIntoView({block:'center'});
  }
  function step(list,curEl,dir){
    var i=list.indexOf(curEl);
    if(i<0){return dir>0?list[0]:list[list.length-1];}
    return list[Math.max(0,Math.min(list.length-1,i+dir))];
  }
  function docOf(el){while(el&&!(el.matches&&el.matches('section.doc'))){el=el.parentNode;}return el;}
  function moveDoc(dir){
    var docs=all('section.doc').filter(shown), at=cur?docOf(cur):null;
    all('section.doc.current').forEach(function(s){if(!at){at=s;}s.classList.remove('current');});
    var next=step(docs,at,dir);if(!next){return;}
    next.classList.add('current');
    var first=all('tr.finding',next).filter(shown)[0];
    if(first){focusRow(first);}else{focusRow(null);next.scrollIntoView({block:'start'});}
  }
  document.addEventListener('keydown',function(ev){
    var t=ev.target, tag=t&&t.tagName;
    if(ev.ctrlKey||ev.metaKey||ev.altKey||tag==='INPUT'||tag==='TEXTAREA'||tag==='SELECT'){return;}
    var k=ev.key;
    if(k==='j'||k==='k'){focusRow(step(all('tr.finding').filter(shown),cur,k==='j'?1:-1)||null);}
    else if(k==='n'||k==='p'){moveDoc(k==='n'?1:-1);}
    else if(k==='o'&&cur){var det=cur.querySelector('details.snip');if(det){det.open=!det.open;}}
    else if((k==='c'||k==='d')&&cur){setMark(cur,k==='c'?'confirmed':'disputed');}
    else{return;}
    ev.preventDefault();
  });
  // ---- wiring
  all('#triage a[href^="#doc-"], #matrix a[href^="#doc-"]').forEach(function(a){
    a.addEventListener('click',function(ev){
      var sec=byId(a.getAttribute('href').slice(1));if(!sec){return;}
      ev.preventDefault();sec.scrollIntoView({block:'start'});
    });
  });
  all('tr.finding').forEach(controls);
  var tools=byId('review-tools');if(tools){tools.hidden=false;}
  var ex=byId('export-marks');if(ex){ex.addEventListener('click',doExport);}
  var clr=byId('clear-marks');if(clr){clr.addEventListener('click',function(){
    if(window.confirm&&!window.confirm('Remove every review mark of this report?')){return;}
    marks={};save();all('tr.finding').forEach(paint);counts();apply();
  });}
  counts();readUrl();
  FILTERS.forEach(function(k){sel(k).addEventListener('change',apply);});
  window.addEventListener('hashchange',function(){readUrl();apply();});
  apply();
  window.complianceReport={apply:apply,exportText:exportText,setMark:setMark,setNote:setNote};
})();
"""
