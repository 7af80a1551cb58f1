// Mutation-suite helper (served only by deliberately leaky variants of the
// build, never shipped): calls back with every file the user (here: the
// audit) gives to a file input. The tools are not built yet, so if the page
// has no file input one is added, as a tool page would have.
window.__leakOnFile = (callback) => {
  const attach = () => {
    let inputs = [...document.querySelectorAll('input[type="file"]')];
    if (inputs.length === 0) {
      const label = document.createElement('label');
      label.textContent = 'Add images ';
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      label.append(input);
      document.body.append(label);
      inputs = [input];
    }
    for (const input of inputs) input.addEventListener('change', () => { for (const file of input.files) callback(file); });
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
};
