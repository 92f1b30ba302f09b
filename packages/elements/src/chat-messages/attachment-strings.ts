/**
 * The English defaults of the strings of files on messages: the composer's tray and drop zone,
 * the rows' images and file cards, and the image viewer. They ship with that code, fetched on
 * first use (`addStrings(ATTACHMENT_STRINGS)`), not in the main file. Override any of them through
 * an element's `strings` property like the others.
 */
export const ATTACHMENT_STRINGS = {
  filesToSend: 'Files to send',
  dropFiles: 'Drop files to send them in #{channel}',
  uploadingFile: 'Uploading {name}',
  uploadedFile: '{name} is ready to send.',
  cancelUpload: 'Cancel the upload of {name}',
  uploadCancelled: 'Upload of {name} cancelled.',
  removeFile: 'Remove {name}',
  fileRemoved: '{name} removed.',
  uploadRefused: '{name} was not uploaded: {reason}',
  dismiss: 'Dismiss',
  tooManyFiles: 'At most {max} files per message: {count} not added.',
  waitForUploads: 'Send is ready once every file is uploaded.',
  openImage: 'Open image {name}',
  imageFailed: 'Could not load {name}',
  downloadFile: 'Download {name}',
  download: 'Download',
  downloadFailed: 'Could not download {name}. Try again?',
  imageViewer: 'Image viewer',
  imagePosition: '{index} of {count}',
  previousImage: 'Previous image',
  nextImage: 'Next image',
  closeViewer: 'Close',
} as const;

/** The keys of {@link ATTACHMENT_STRINGS}, each a string. */
export type AttachmentStrings = { [K in keyof typeof ATTACHMENT_STRINGS]: string };
