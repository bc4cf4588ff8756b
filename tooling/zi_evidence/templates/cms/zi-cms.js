// ZI Evidence: start Decap CMS with the configuration `zi cms` generated (config.json beside this page) and an
// Indonesian interface for the words a unit team sees most. Served from our own site: no third-party request.
(function () {
  "use strict";
  var id = {
    app: {
      header: { content: "Isian", workflow: "Alur kerja", media: "Berkas", quickAdd: "Tambah" },
      app: { errorHeader: "Gagal memuat konfigurasi CMS", configErrors: "Galat konfigurasi", checkConfigYml: "Periksa config.json.", loadingConfig: "Memuat konfigurasi…", waitingBackend: "Menunggu backend…" },
      notFoundPage: { header: "Tidak ditemukan" }
    },
    auth: { login: "Masuk", loggingIn: "Sedang masuk…", loginWithGitHub: "Masuk dengan GitHub", loginWithGitLab: "Masuk dengan GitLab", errors: { email: "Isi surel Anda.", password: "Isi kata sandi.", identitySettings: "Pengaturan identitas tidak dapat dibuka." } },
    collection: { sidebar: { collections: "Unit", searchAll: "Cari" }, collectionTop: { viewAs: "Tampilan" } },
    editor: {
      editorControl: { field: { optional: "boleh kosong" } },
      editorControlPane: { widget: { required: "%{fieldLabel} wajib diisi.", range: "%{fieldLabel} harus antara %{minValue} dan %{maxValue}.", min: "%{fieldLabel} paling kecil %{minValue}.", max: "%{fieldLabel} paling besar %{maxValue}." } },
      editor: { onLeavePage: "Yakin meninggalkan halaman ini?", onUpdatingWithUnsavedChanges: "Ada perubahan yang belum disimpan; simpan dulu.", onPublishingNotReady: "Tandai siap sebelum menerbitkan.", onPublishingWithUnsavedChanges: "Ada perubahan yang belum disimpan; simpan dulu.", onPublishing: "Terbitkan isian ini?", loadingEntry: "Memuat isian…" },
      editorToolbar: { publishing: "Menerbitkan…", publish: "Terbitkan", published: "Terbit", save: "Simpan", saving: "Menyimpan…", status: "Status: %{status}", backCollection: " Kembali ke unit", unsavedChanges: "Perubahan belum disimpan", changesSaved: "Perubahan disimpan", draft: "Draf", inReview: "Ditinjau", ready: "Siap", deleteUnpublishedEntry: "Hapus isian yang belum terbit", deleteEntry: "Hapus isian", deployPreviewPendingButtonLabel: "Periksa pratinjau" },
      editorWidgets: { file: { choose: "Pilih berkas", chooseDifferent: "Pilih berkas lain", remove: "Hapus berkas" }, list: { add: "Tambah %{item}", addType: "Tambah %{item}" } }
    },
    mediaLibrary: {
      mediaLibraryCard: { draft: "Draf", copy: "Salin", copyUrl: "Salin URL", copyPath: "Salin path", copyName: "Salin nama", copied: "Tersalin" },
      mediaLibraryModal: { uploading: "Mengunggah…", upload: "Unggah", loading: "Memuat…", close: "Tutup", noResults: "Tidak ada hasil.", noAssetsFound: "Belum ada berkas.", noImagesFound: "Belum ada gambar.", private: "Privat ", images: "Gambar", mediaAssets: "Berkas", search: "Cari…", download: "Unduh", deleting: "Menghapus…", deleteSelected: "Hapus yang ditandai", chooseSelected: "Pilih yang ditandai" }
    },
    ui: { toast: { onFailToLoadEntries: "Gagal memuat: %{details}", onFailToPersist: "Gagal menyimpan: %{details}", onLoggedOut: "Anda telah keluar; simpan data lalu masuk lagi." } },
    workflow: { workflow: { loading: "Memuat isian alur kerja", workflowHeading: "Alur kerja", newPost: "Isian baru", description: "%{smart_count} isian menunggu tinjauan, %{readyCount} siap diterbitkan." }, workflowList: { draftHeader: "Draf", inReviewHeader: "Ditinjau", readyHeader: "Siap" } }
  };
  fetch("config.json", { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("config.json " + r.status); } return r.json(); })
    .then(function (config) {
      config.load_config_file = false;
      window.CMS.registerLocale("id", id);
      window.CMS.init({ config: config });
    })
    .catch(function (e) { document.body.textContent = "Formulir tidak dapat dimuat: " + e.message; });
})();
