// Leaky variant: keeps each image in localStorage.
window.__leakOnFile((file) => {
  const reader = new FileReader();
  reader.onload = () => localStorage.setItem(`recent:${file.name}`, String(reader.result));
  reader.readAsDataURL(file);
});
