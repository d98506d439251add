#include "design/formsection.h"

#include <QGroupBox>
#include <QLabel>

#include <algorithm>

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

namespace {
/// A word-wrapped label that keeps its height itself instead of asking the layout for
/// height-for-width: Qt 6.4's QFormLayout, asked for height-for-width while one of its rows is
/// hidden (the form hides the rows a method or pruner does not use), writes past the end of
/// its row arrays (valgrind: invalid writes under QFormLayout::heightForWidth), which
/// corrupts the heap and could abort the app at exit.
class WrappedHintLabel : public QLabel
{
public:
    using QLabel::QLabel;
    bool hasHeightForWidth() const override { return false; }
    QSize minimumSizeHint() const override { return {0, heightForWidth(std::max(width(), 1))}; }
    QSize sizeHint() const override { return {QLabel::sizeHint().width(), heightForWidth(std::max(width(), 1))}; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        const int needed = heightForWidth(width());
        if (needed != mHeight) { // a new line count: the layout makes room for it
            mHeight = needed;
            updateGeometry();
        }
    }

private:
    int mHeight = -1;
};
} // namespace

QLabel *formHintLabel(QWidget *parent)
{
    auto *label = new WrappedHintLabel(parent);
    label->setWordWrap(true);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText).darker(130));
    label->setPalette(p);
    return label;
}

} // namespace tunescope
