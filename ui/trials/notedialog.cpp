#include "trials/notedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tunescope {

NoteDialog::NoteDialog(const QString &title, const QString &note, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Markdown: # headings, *emphasis*, **bold**, - lists, `code`, [links](https://…)"), this));
    auto *split = new QSplitter(Qt::Horizontal, this);
    mEdit = new QPlainTextEdit(note, split);
    mPreview = new QTextBrowser(split);
    mPreview->setOpenExternalLinks(true);
    mPreview->setMarkdown(note);
    connect(mEdit, &QPlainTextEdit::textChanged, this, [this] { mPreview->setMarkdown(mEdit->toPlainText()); });
    layout->addWidget(split, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 420);
}

QString NoteDialog::note() const
{
    return mEdit->toPlainText();
}

} // namespace tunescope
