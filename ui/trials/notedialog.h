#pragma once

#include <QDialog>

class QPlainTextEdit;
class QTextBrowser;

namespace tunescope {

/// Edits a Markdown note with a live preview beside it.
class NoteDialog : public QDialog
{
    Q_OBJECT

public:
    NoteDialog(const QString &title, const QString &note, QWidget *parent = nullptr);
    QString note() const;

private:
    QPlainTextEdit *mEdit = nullptr;
    QTextBrowser *mPreview = nullptr;
};

} // namespace tunescope
