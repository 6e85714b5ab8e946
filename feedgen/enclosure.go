package feedgen

// defaultMediaType is the type of an enclosure whose source gave none; RSS
// enclosures and JSON Feed attachments require one.
const defaultMediaType = "application/octet-stream"
