#include "design/formsection.h"

#include <QGroupBox>
#include <QLabel>

namespace tunescope {

void FormSection::setReadOnly(bool readOnly)
{
    for (QGroupBox *box : findChildren<QGroupBox *>())
        box->setEnabled(!readOnly);
}

void FormSection::notifyEdited()
{
    if (!mLoading)
        emit edited();
}

QColor formErrorColor()
{
    return QColor(0xd6, 0x27, 0x28);
}

QLabel *formHintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText).darker(130));
    label->setPalette(p);
    return label;
}

} // namespace tunescope
